"""The Qt front end of NetStudio. Only this package imports PySide6, shiboken6 or pyqtgraph."""
