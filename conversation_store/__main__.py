import sys

from conversation_store.cli import main

sys.exit(main())
