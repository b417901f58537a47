from demand_report.cli import main

raise SystemExit(main())
