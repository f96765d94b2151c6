"""While training runs the graph is read-only: the document refuses edits (its views stop offering
them) and a banner across the canvas says so. Selecting, zooming and panning still work.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget


class Banner(QLabel):
    """A strip across the top of the canvas area."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("training_banner")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#training_banner { background: #fff3cd; color: #5d4200; border-bottom: 1px solid "
                           "#e0c36a; padding: 5px; font-weight: bold; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()
        host.installEventFilter(self)
        self.place()

    def place(self) -> None:
        host = self.parentWidget()
        self.setGeometry(0, 0, host.width(), self.sizeHint().height())
        self.raise_()

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.place()
        return False


class ReadOnlyGuard(QObject):
    """``engage(document)`` when training starts, ``release()`` when it has ended."""

    def __init__(self, banner_host: QWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.banner = Banner(banner_host)
        self.document = None

    @property
    def active(self) -> bool:
        return self.document is not None

    def set_text(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.place()

    def engage(self, document) -> None:
        if self.active or document is None:
            return
        self.document = document
        document.set_read_only(True)
        self.banner.show()
        self.banner.place()

    def release(self) -> None:
        from shiboken6 import isValid

        doc, self.document = self.document, None
        if doc is not None and isValid(doc):   # the window may have closed its project meanwhile
            doc.set_read_only(False)
        self.banner.hide()
