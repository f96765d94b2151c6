"""Per-run actions of the Runs view: open as it was, continue, evaluate, export, delete (to the trash).

A mixin of ``RunsController``: needs its ``window``, ``training``, ``document``, ``info``,
``live_path``, ``refresh`` and the ``evaluate_requested`` / ``export_requested`` signals. The
questions are methods (``ask_delete``...) so that tests replace them instead of clicking dialogs.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QFile, QStandardPaths, Slot
from PySide6.QtWidgets import QMessageBox

from netstudio.core.errors import NetStudioError
from netstudio.training.run_history import is_run_folder, load_run_project


def _to_trash(path: str) -> bool:
    """Move to the desktop's trash. Qt does not create the home trash folder when there is none yet
    (a fresh account), so it is made as the freedesktop.org spec says (mode 0700) and tried again."""
    def attempt() -> bool:
        result = QFile.moveToTrash(path)        # PySide6 returns a bool (some versions a (bool, path) pair)
        return bool(result[0] if isinstance(result, tuple) else result) and not Path(path).exists()

    if attempt():
        return True
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    trash = Path(base) / "Trash" if base and sys.platform.startswith("linux") else None
    if trash is None or trash.exists():
        return False
    try:
        for sub in ("files", "info"):
            (trash / sub).mkdir(parents=True, exist_ok=True)
        trash.chmod(0o700)
    except OSError:
        return False
    return attempt()


class RunActionsMixin:
    @Slot(str, list)
    def do_action(self, key: str, paths: list) -> None:
        if key == "compare":
            self.compare(paths)
        elif key == "delete":
            self.delete(paths)
        elif paths:
            getattr(self, {"open": "open_run", "continue": "continue_run", "evaluate": "evaluate_run",
                           "export": "export_run"}[key])(paths[0])

    def _checkpoint(self, path: str) -> str | None:
        checkpoint = self.info(path).checkpoint
        if checkpoint is None:
            self.window.show_error(self.tr("No checkpoint"),
                                   self.tr("The run %1 saved no checkpoint (it ended before its first one).")
                                   .replace("%1", Path(path).name))
        return checkpoint

    def open_run(self, path: str) -> bool:
        """Open the project as the run trained it, as a new unsaved document (its run folder stays as it is)."""
        if not self.window.maybe_save():
            return False
        try:
            project = load_run_project(path)
        except NetStudioError as exc:
            self.window.show_error(self.tr("Cannot open the run's project"), str(exc))
            return False
        except (OSError, ValueError, TypeError, KeyError, RecursionError) as exc:
            self.window.show_error(self.tr("Cannot open the run's project"),
                                   f"{Path(path) / 'project.nsproj'}: {type(exc).__name__}: {exc}")
            return False
        project.path = None        # Save asks where: the copy in the run folder is never overwritten
        self.window.set_project(project, dirty=True)
        return True

    def continue_run(self, path: str) -> bool:
        """Continue training from the run's newest checkpoint, into the same run folder."""
        checkpoint = self._checkpoint(path)
        if checkpoint is None or self.document is None:
            return False
        from netstudio.training.compatibility import checkpoint_mismatch

        problem = checkpoint_mismatch(self.document.project, checkpoint)
        if problem:
            self.window.show_error(self.tr("Cannot continue the run"), problem)
            return False
        return self.training.start(resume=checkpoint)

    def evaluate_run(self, path: str) -> None:
        checkpoint = self._checkpoint(path)
        if checkpoint is not None:
            self.evaluate_requested.emit(path, checkpoint)

    def export_run(self, path: str) -> None:
        checkpoint = self._checkpoint(path)
        if checkpoint is not None:
            self.export_requested.emit(path, checkpoint)

    @Slot(str, str)
    def evaluate_in_view(self, run_dir: str, _checkpoint: str) -> None:
        """Score the run's best checkpoint in the Evaluation view (when the live views have one)."""
        view = getattr(self.training.live, "evaluation", None)
        if view is not None and hasattr(view, "evaluate"):
            self.training.chrome.live_dock.show()
            self.training.live.show_view(view)
            view.evaluate(run_dir)

    @Slot(str, str)
    def export_with_weights(self, _run_dir: str, checkpoint: str) -> None:
        """File > Export of the current graph, carrying the run's checkpoint (the user picks the format)."""
        ops = getattr(self.window, "ops", None)
        if ops is None or not hasattr(ops, "export"):
            return
        fmt = self.ask_export_format()
        if fmt:
            ops.export(fmt, checkpoint)

    def ask_export_format(self) -> str | None:
        """"python", "onnx" or "torchscript", or None when cancelled; tests replace it."""
        from PySide6.QtWidgets import QInputDialog

        names = {self.tr("Python code and weights"): "python", self.tr("ONNX"): "onnx",
                 self.tr("TorchScript"): "torchscript"}
        choice, ok = QInputDialog.getItem(self.window, self.tr("Export the run"), self.tr("Format:"), list(names),
                                          0, False)
        return names.get(choice) if ok else None

    def delete(self, paths: list) -> bool:
        """Move the runs to the trash (or, where there is none, delete them after a second question)."""
        live = self.live_path()
        paths = [p for p in paths if p != live and is_run_folder(p)]
        if not paths or not self.ask_delete([Path(p).name for p in paths]):
            return False
        self._forget_checkpoints(paths)
        left = [p for p in paths if not _to_trash(p)]
        if left and self.ask_delete_permanently([Path(p).name for p in left]):
            for p in left:
                try:
                    shutil.rmtree(p)
                except OSError as exc:
                    self.window.show_error(self.tr("Cannot delete the run"), f"{p}: {exc.strerror or exc}")
        self.refresh()
        return not any(Path(p).exists() for p in paths)

    def _forget_checkpoints(self, paths: list) -> None:
        """"Continue" must not offer a checkpoint inside a deleted run."""
        last = self.training.last_checkpoint
        if last and any(Path(last).resolve().is_relative_to(Path(p).resolve()) for p in paths):
            self.training.last_checkpoint = None
            self.training.controls.set_can_continue(False)
            self.training.state_changed.emit(self.training.state)   # the Continue action follows

    def ask_delete(self, names: list[str]) -> bool:
        """Asked before runs go to the trash; tests replace it."""
        answer = QMessageBox.question(self.window, self.tr("Delete runs"),
                                      self.tr("Move %1 to the trash?").replace("%1", ", ".join(names)))
        return answer == QMessageBox.StandardButton.Yes

    def ask_delete_permanently(self, names: list[str]) -> bool:
        """Asked when there is no trash; tests replace it."""
        answer = QMessageBox.warning(
            self.window, self.tr("Delete runs"),
            self.tr("%1 cannot be moved to the trash. Delete for good? This cannot be undone.")
            .replace("%1", ", ".join(names)), QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
