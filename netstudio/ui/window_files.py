"""File > New, Open, Save, Save As, Close; recovery of unsaved work; recent files and samples.

A mixin of ``MainWindow`` (kept apart so the window file stays readable). The dialogs are methods
(``ask_save``, ``ask_open_path``...) so tests can replace them instead of clicking through modal boxes.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from netstudio.core.errors import NetStudioError
from netstudio.core.project import Project

from .recovery import find_recoverable, load_recovered, set_aside
from .welcome import sample_files, sample_info

MAX_RECENT = 10


def _one_line(path, exc: BaseException) -> str:
    """"FILE: cannot read it (RecursionError: ...)": what went wrong, in one line, naming the file."""
    detail = str(exc).splitlines()[0][:200] if str(exc) else ""
    return f"{path}: cannot read it ({type(exc).__name__}{': ' + detail if detail else ''})"


class ProjectFilesMixin:
    """Project files of a ``MainWindow``: needs its ``document``, ``set_project``, ``_drop_document``,
    ``menus``, ``welcome``, ``show_error`` and ``statusBar()``."""

    def new_project(self, template: str | None = None) -> bool:
        """A new untitled project: empty, or a copy of the template file ``template``."""
        if not self.maybe_save():
            return False
        if not template:
            self.set_project(Project("Untitled"))
            return True
        from .new_project import load_template

        try:
            project = load_template(template)
        except NetStudioError as exc:
            self.show_error(self.tr("Cannot open the template"), str(exc))
            return False
        self.set_project(project)
        return True

    def new_from_template(self) -> bool:
        """File > New and the welcome view's "New project": ask for a template (or Empty), then make it."""
        choice = self.ask_template()
        return choice is not None and self.new_project(choice)

    def open_project(self, path: str | None = None) -> bool:
        """Open a file (asking for one when ``path`` is None); a bad file opens nothing and says why."""
        if path is None:
            path = self.ask_open_path()
            if not path:
                return False
        if not self.maybe_save():
            return False
        from netstudio import load_project

        try:
            project = load_project(path)
            is_sample = any(Path(path).resolve() == s.resolve() for s in sample_files())
        except NetStudioError as exc:
            self.show_error(self.tr("Cannot open the project"), str(exc))
            return False
        except (OSError, ValueError, TypeError, KeyError, RecursionError, MemoryError) as exc:
            # load_project promises a ProjectError; should a file slip past its checks, the user still
            # gets one line and a usable window, never an exception out of a menu action
            self.show_error(self.tr("Cannot open the project"), _one_line(path, exc))
            return False
        if is_sample:
            project.path = None  # a sample opens as a copy: Save asks where, the original stays intact
        try:
            self.set_project(project)
        except Exception as exc:  # noqa: BLE001 - a file the editor cannot show must not take the window down
            self._drop_document()
            self._show_editor(False)
            self._update_title()
            self.update_actions()
            self.show_error(self.tr("Cannot open the project"), _one_line(path, exc))
            return False
        if not is_sample:
            self.add_recent(str(Path(path).resolve()))
        return True

    def close_project(self) -> bool:
        if not self.maybe_save():
            return False
        self._drop_document()
        self._show_editor(False)
        self._update_title()
        self.update_actions()
        return True

    def save(self) -> bool:
        doc = self.document
        if doc is None:
            return False
        if doc.project.path is None:
            return self.save_as()
        return self._save_to(doc.project.path)

    def save_as(self) -> bool:
        if self.document is None:
            return False
        path = self.ask_save_path(self.tr("Save project"), self.tr("NetStudio project (*.nsproj *.json)"), ".nsproj")
        return bool(path) and self._save_to(path)

    def _save_to(self, path: str) -> bool:
        from netstudio.core.data_paths import rebase_paths

        project = self.document.project
        before, moved = project.data, rebase_paths(project.data, project.path, path)
        if moved is not None:   # data paths keep pointing at the same files from the new folder
            project.data = moved
            project.sections_changed.emit("data")
        try:
            self.document.save(path)
        except NetStudioError as exc:
            if moved is not None:
                project.data = before
                project.sections_changed.emit("data")
            self.show_error(self.tr("Cannot save the project"), str(exc))
            return False
        self.add_recent(str(Path(path).resolve()))
        self.statusBar().showMessage(self.tr("Saved %1").replace("%1", path), 4000)
        return True

    def maybe_save(self) -> bool:
        """Offer to save unsaved changes; False when the user cancels (or saving failed)."""
        if self.document is None or not self.document.dirty:
            return True
        answer = self.ask_save()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    # ----- recovery -----
    def offer_recovery(self) -> bool:
        """At start: offer the newest recovery file left by a crashed or killed session."""
        damaged: list[Path] = []
        found = find_recoverable(damaged=damaged)
        if damaged:  # renamed, so this is said once, not on every start
            self.statusBar().showMessage(
                self.tr("A damaged recovery file was set aside: %1").replace("%1", str(damaged[0])), 15000)
        if not found:
            return False
        item = found[0]
        try:
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(item.saved_at))
        except (OverflowError, OSError, ValueError):  # Windows' localtime stops at the year 3000
            when = "?"
        answer = self.ask_restore(item.name, when)
        if answer == QMessageBox.StandardButton.Yes:
            return self.restore(item)
        if answer == QMessageBox.StandardButton.Discard:
            item.path.unlink(missing_ok=True)
        return False

    def restore(self, item) -> bool:
        try:
            project = load_recovered(item)
        except (NetStudioError, OSError, ValueError, KeyError, TypeError, RecursionError) as exc:
            moved = set_aside(item.path)  # offered again on every start otherwise
            where = self.tr(" (set aside as %1)").replace("%1", str(moved)) if moved else ""
            self.show_error(self.tr("Cannot restore the unsaved work"), f"{exc}{where}")
            return False
        self.set_project(project, dirty=True)
        self.document.autosave()  # our own recovery file now holds it
        item.path.unlink(missing_ok=True)
        return True

    # ----- dialogs (methods so tests can replace them) -----
    def ask_save(self) -> QMessageBox.StandardButton:
        name = self.document.project.name if self.document else ""
        return QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("Save the changes to \"%1\" before closing it?").replace("%1", name),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)

    def ask_restore(self, name: str, when: str) -> QMessageBox.StandardButton:
        return QMessageBox.question(
            self, self.tr("Restore unsaved work?"),
            self.tr("NetStudio closed unexpectedly while \"%1\" had unsaved changes (autosaved %2). "
                    "Restore them?").replace("%1", name).replace("%2", when),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Ignore,
            QMessageBox.StandardButton.Yes)

    def ask_template(self) -> str | None:
        """The template chosen in the New project dialog ("" for Empty), or None when cancelled."""
        from .new_project import NewProjectDialog

        dialog = NewProjectDialog(self)
        return dialog.choice() if dialog.exec() == NewProjectDialog.DialogCode.Accepted else None

    def ask_open_path(self) -> str:
        start = str(Path(self.recent_files()[0]).parent) if self.recent_files() else ""
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open project"), start, self.tr("NetStudio project (*.nsproj *.json)"))
        return path

    def ask_save_path(self, title: str, file_filter: str, suffix: str) -> str:
        doc = self.document
        base = doc.project.path if doc and doc.project.path else (doc.project.name if doc else "untitled")
        start = str(Path(base).with_suffix(suffix))
        path, _ = QFileDialog.getSaveFileName(self, title, start, file_filter)
        if path and not Path(path).suffix:
            path += suffix
        return path

    # ----- recent files and samples -----
    def recent_files(self) -> list[str]:
        value = QSettings().value("recent_files", [], type=list)
        return [str(p) for p in value if isinstance(p, str) and Path(p).exists()]

    def add_recent(self, path: str) -> None:
        paths = [path] + [p for p in self.recent_files() if p != path]
        QSettings().setValue("recent_files", paths[:MAX_RECENT])
        self._fill_recent_menu()
        self.welcome.set_recent(paths[:MAX_RECENT])

    def _fill_recent_menu(self) -> None:
        menu = self.menus["recent"]
        menu.clear()
        for p in self.recent_files():
            menu.addAction(Path(p).name, lambda path=p: self.open_project(path)).setToolTip(p)
        menu.setEnabled(bool(menu.actions()))

    def _fill_samples_menu(self) -> None:
        menu = self.menus["samples"]
        menu.clear()
        for path in sample_files():
            name, line = sample_info(path)
            menu.addAction(name, lambda p=str(path): self.open_project(p)).setToolTip(line)
