"""Files beside articles made for the web: photos in several widths and formats."""
