"""Pages of the reporting app. Views parse input, call one service or selector, render."""
