"""Models: finding them in a file once it has run (`discover`) and counting them (`count`)."""
