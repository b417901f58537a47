"""The admin's views: offer data (`offers`) and the staff desk (`desk`)."""
