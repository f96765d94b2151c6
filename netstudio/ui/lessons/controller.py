"""Following a lesson in the window: which lesson and step, the typed answers, and the checks re-evaluated
(debounced) when the graph's shapes are known again, a setting changes or a run ends.

Shapes come from the document's shape service (``Document.cached_infos`` once ``shapes_ready``), so evaluating
never runs torch on the GUI thread; runs are read from their folders only for steps that check them.
"""

from __future__ import annotations

import html
import time
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Slot
from PySide6.QtWidgets import QFileDialog

from netstudio.lessons.model import Lesson, LessonError, pick

from ..app import current_language
from . import reveals
from .panel import LessonsPanel
from .rich_text import inline, to_html

EVALUATE_DEBOUNCE_MS = 150
RUN_KINDS = ("metric", "runs")


def needs_shapes(check) -> bool:
    """Whether a check reads inferred shapes or parameter counts (the others read the file and the runs)."""
    if check.kind == "prediction":
        return not str(check.get("answer_from", "")).startswith("value")
    return check.kind in ("output_shape", "param_count", "connected")


class LessonController(QObject):
    """One per window (``install_lessons``). ``results`` holds the current step's CheckResults by check key."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.panel = LessonsPanel(window)
        self._lessons: list[Lesson] | None = None   # read when the dock is first shown (startup pays nothing)
        self.lesson: Lesson | None = None
        self.step_index = 0
        self.answers: dict[str, str] = {}
        self.tried: set[str] = set()
        self.hints_shown = 0
        self.results: dict = {}   # check key -> lessons.checks.CheckResult
        self.since: float | None = None       # runs started before the lesson do not count
        self.evaluations = 0                  # how many times the checks ran (tests, debounce)
        self._document = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(EVALUATE_DEBOUNCE_MS)
        self._timer.timeout.connect(self.evaluate_now)
        p = self.panel
        p.start_requested.connect(self._start_row)
        p.open_file_requested.connect(self.open_file)
        p.back_requested.connect(self.back)
        p.next_requested.connect(self.next)
        p.list_requested.connect(self.show_list)
        p.hint_requested.connect(self.show_hint)
        p.reload_requested.connect(self.reload_step_project)
        p.solution_requested.connect(self.show_solution)
        window.document_changed.connect(self._document_changed)
        window.language_changed.connect(self.retranslate)
        training = getattr(window, "training", None)
        if training is not None:
            training.run_ended.connect(self._run_ended)
        self.refresh_list()
        self.retranslate()

    # ----- language -----
    @property
    def lang(self) -> str:
        return current_language()

    @Slot()
    def retranslate(self) -> None:
        self.panel.retranslate()
        if getattr(self, "dock", None) is not None:
            self.dock.setWindowTitle(self.tr("Lessons"))
        self.refresh_list()
        if self.lesson is not None:
            self._show_step(keep_results=True)

    # ----- the list -----
    @property
    def lessons(self) -> list[Lesson]:
        """The shipped lessons and those opened from files (read on first use)."""
        if self._lessons is None:
            from netstudio.lessons.reader import shipped_lessons

            self._lessons = shipped_lessons()
            self._fill_list()
        return self._lessons

    def refresh_list(self) -> None:
        dock = getattr(self, "dock", None)
        if self._lessons is None and (dock is None or not dock.isVisible()):
            return   # nobody sees the list yet: read when the dock is shown (``install_lessons``)
        if self._lessons is None:
            self.lessons        # reads and fills the list
        else:
            self._fill_list()

    def _fill_list(self) -> None:
        lang = self.lang
        self.panel.set_lessons([(l.text("title", lang), l.text("summary", lang), l.minutes) for l in self.lessons])

    @Slot()
    def show_list(self) -> None:
        self.panel.stack.setCurrentIndex(0)

    @Slot(int)
    def _start_row(self, row: int) -> None:
        if 0 <= row < len(self.lessons):
            self.start(self.lessons[row])

    def ask_lesson_path(self) -> str:
        """A lesson.toml to open (a method, so tests replace it instead of clicking a dialog)."""
        path, _ = QFileDialog.getOpenFileName(self.window, self.tr("Open lesson"), "",
                                              self.tr("Lesson (lesson.toml *.toml)"))
        return path

    @Slot()
    def open_file(self, path: str | None = None) -> bool:
        path = path or self.ask_lesson_path()
        if not path:
            return False
        from netstudio.lessons.reader import load_lesson

        try:
            lesson = load_lesson(path)
        except LessonError as exc:
            self.panel.show_list_error(str(exc))
            self.window.show_status_error(str(exc))
            return False
        self.panel.show_list_error(None)
        if all(l.path != lesson.path for l in self.lessons):
            self.lessons.append(lesson)
            self.refresh_list()
        return self.start(lesson)

    # ----- steps -----
    def start(self, lesson: Lesson) -> bool:
        """Begin ``lesson`` at its first step (loading its project as a copy, after asking about unsaved work)."""
        project = lesson.step_project(0)
        if project is not None and not self._load_project(project):
            return False
        self.lesson, self.step_index, self.answers, self.tried = lesson, 0, {}, set()
        self.since = time.time()
        self.panel.stack.setCurrentIndex(1)
        dock = getattr(self, "dock", None)
        if dock is not None:          # opening a project brings the editor's docks back as they were
            dock.show()
            dock.raise_()
            QTimer.singleShot(0, self._size_dock)     # once the shown dock is laid out
        self._show_step()
        return True

    def _size_dock(self) -> None:
        """Room to read: the lesson's column at least 400 pixels wide."""
        dock = getattr(self, "dock", None)
        if dock is not None and not dock.isHidden() and not dock.isFloating() and dock.width() < 400:
            self.window.resizeDocks([dock], [400], Qt.Orientation.Horizontal)

    def go(self, index: int, load: bool = True) -> bool:
        """Show step ``index``; moving forward into a step with its own project loads that project."""
        if self.lesson is None or not 0 <= index < len(self.lesson.steps):
            return False
        step = self.lesson.steps[index]
        if load and step.project and index > self.step_index:
            if not self._load_project(self.lesson.file(step.project)):
                return False
        self.step_index = index
        self._show_step()
        return True

    @Slot()
    def next(self) -> None:
        if self.lesson is not None and self.step_index == len(self.lesson.steps) - 1:
            self.window.statusBar().showMessage(self.tr("Lesson finished. Well done!"), 8000)
            self.show_list()
            return
        self.go(self.step_index + 1)

    @Slot()
    def back(self) -> None:
        self.go(self.step_index - 1, load=False)   # going back never throws away the student's work

    @Slot()
    def show_hint(self) -> None:
        self.hints_shown += 1
        self._show_hints()

    @Slot()
    def reload_step_project(self) -> None:
        if self.lesson is not None:
            path = self.lesson.step_project(self.step_index)
            if path is not None and self._load_project(path):
                self.schedule()

    @Slot()
    def show_solution(self) -> None:
        if self.lesson is not None and self.lesson.solution:
            if self._load_project(self.lesson.file(self.lesson.solution)):
                self.schedule()

    def _load_project(self, path: Path) -> bool:
        """Open ``path`` as a copy (Save asks where); False when the student keeps unsaved work or it fails."""
        from netstudio import load_project
        from netstudio.core.errors import NetStudioError

        if not self.window.maybe_save():
            return False
        try:
            project = load_project(path)
        except NetStudioError as exc:
            self.window.show_error(self.tr("Cannot open the lesson's project"), str(exc))
            return False
        project.path = None     # a copy: the lesson's file stays as the teacher wrote it
        self.window.set_project(project)
        return True

    def _show_step(self, keep_results: bool = False) -> None:
        lesson, lang, p = self.lesson, self.lang, self.panel
        step = lesson.steps[self.step_index]
        p.lesson_title.setText(f"<b style='font-size:12pt'>{inline(lesson.text('title', lang))}</b>")
        p.progress.setText(self.tr("Step %1 of %2").replace("%1", str(self.step_index + 1))
                           .replace("%2", str(len(lesson.steps))))
        p.text.setText(to_html(pick(step.text, lang) or ""))
        p.step_scroll.verticalScrollBar().setValue(0)
        action = pick(step.action, lang)
        p.action.setText(f"<b>{self.tr('Your turn:')}</b> {inline(action)}" if action else "")
        p.action.setVisible(bool(action))
        if not keep_results:
            self.hints_shown = 0
            self.results = {}
        p.set_checks([(c.key, c.is_prediction, self._label(c, lang)) for c in step.checks])
        for c in step.checks:
            row = p.rows[c.key]
            row.answered.connect(self.answer)
            if row.answer is not None and c.key in self.answers:
                row.answer.setText(self.answers[c.key])
            if c.key in self.results:
                row.set_result(self.results[c.key].passed, self.results[c.key].detail, c.key in self.tried)
        p.back_button.setEnabled(self.step_index > 0)
        last = self.step_index == len(lesson.steps) - 1
        p.next_button.setText(self.tr("Finish") if last else self.tr("Next"))
        p.reload_button.setVisible(lesson.step_project(self.step_index) is not None)
        p.solution_button.setVisible(bool(lesson.solution))
        self._show_hints()
        self._show_done()
        self.evaluate_now()

    @staticmethod
    def _label(check, lang: str) -> str:
        """The check's label; a prediction also shows its question (once, when it has no label of its own)."""
        label = inline(check.label_text(lang))
        if not check.is_prediction:
            return label
        question = inline(pick(check.get("question"), lang) or "")
        return f"{label}<br><i>{question}</i>" if pick(check.label, lang) and question != label else f"<i>{question}</i>"

    def _show_hints(self) -> None:
        step = self.lesson.steps[self.step_index]
        hints = pick(step.hints, self.lang) or []
        shown = hints[: self.hints_shown]
        word = html.escape(self.tr("Hint:"))
        self.panel.hints.setText("".join(f"<p><b>{word}</b> {inline(h)}</p>" for h in shown))
        self.panel.hints.setVisible(bool(shown))
        left = len(hints) - len(shown)
        self.panel.hint_button.setVisible(bool(hints))
        self.panel.hint_button.setEnabled(left > 0)
        self.panel.hint_button.setText(self.tr("Show a hint (%1 left)").replace("%1", str(left)) if left
                                       else self.tr("No more hints"))

    def step_done(self) -> bool:
        """Every check of the step passes (a step without checks is done when the student presses Next)."""
        step = self.lesson.steps[self.step_index] if self.lesson is not None else None
        from netstudio.lessons.checks import CheckResult

        return bool(step and step.checks and all(self.results.get(c.key, CheckResult(False, "")).passed
                                                 for c in step.checks))

    def _show_done(self) -> None:
        done = self.step_done()
        self.panel.done_label.setText(self.tr("✓ Step done: press Next.") if done else "")
        self.panel.done_label.setVisible(done)
        self.panel.next_button.setDefault(done)

    # ----- evaluating -----
    @Slot(object)
    def _document_changed(self, doc) -> None:
        if self._document is not None:
            for signal in (self._document.shapes_ready, self._document.sections_changed):
                try:
                    signal.disconnect(self._changed)
                except (RuntimeError, TypeError):
                    pass
        self._document = doc
        if doc is not None:
            doc.shapes_ready.connect(self._changed)
            doc.sections_changed.connect(self._changed)
        self.schedule()

    @Slot(str)
    def _changed(self, _name: str = "") -> None:
        self.schedule()

    @Slot(object)
    def _run_ended(self, _event) -> None:
        self.schedule()

    def schedule(self) -> None:
        """Re-evaluate soon: the several signals of one edit (or one run's end) make one evaluation."""
        if self.lesson is not None:
            self._timer.start()

    @Slot()
    def evaluate_now(self) -> None:
        """Evaluate every check of the current step (waits, via ``shapes_ready``, while shapes are pending)."""
        self._timer.stop()
        if self.lesson is None:
            return
        from netstudio.lessons.checks import CheckResult, evaluate

        step = self.lesson.steps[self.step_index]
        doc = self.window.document
        if doc is None:
            for c in step.checks:
                self._set(c, CheckResult(False, self.tr("open the lesson's project first")))
            self._show_done()
            return
        if any(needs_shapes(c) for c in step.checks) and any(doc.shapes_pending(n) for n in doc.project.graphs):
            return    # shapes_ready comes and schedules us again
        infos = {name: doc.cached_infos(name) for name in doc.project.graphs}
        runs = self._runs(doc) if any(c.kind in RUN_KINDS for c in step.checks) else []
        lang = self.lang
        for c in step.checks:
            self._set(c, evaluate(c, doc.project, runs, self.answers, infos, lang))
        self.evaluations += 1
        self._show_done()

    def _set(self, check, result) -> None:
        self.results[check.key] = result
        row = self.panel.rows.get(check.key)
        if row is None:
            return
        if check.is_prediction and check.key not in self.tried:
            row.set_result(False, self.tr("Type your answer and press Check."), tried=False)
        else:
            row.set_result(result.passed, result.detail, check.key in self.tried)

    def _runs(self, doc) -> list:
        from netstudio.lessons.history import project_runs
        from netstudio.ui.runs.controller import app_data_runs

        training = getattr(self.window, "training", None)
        extra = [training.run_root] if training is not None and training.run_root is not None else []
        return project_runs(doc.project, app_data_runs(), extra, since=self.since)

    @Slot(str, str)
    def answer(self, key: str, text: str) -> None:
        """The student typed ``text`` for prediction ``key`` and pressed Check."""
        self.answers[key] = text
        self.tried.add(key)
        self.evaluate_now()
        self._reveal_if_right(key, text)

    def _reveal_if_right(self, key: str, text: str) -> None:
        """A right prediction of a hidden shape or count shows the value on the canvas, as Reveal would."""
        result = self.results.get(key)
        check = next((c for c in self.lesson.steps[self.step_index].checks if c.key == key), None) \
            if self.lesson is not None else None
        if result is None or not result.passed or check is None:
            return
        head, _, node_id = str(check.get("answer_from") or "").partition(":")
        what = {"output_shape": "shape", "params": "params"}.get(head)
        doc = self.window.document
        if what is None or not node_id or doc is None:
            return
        if not any(node_id in g and reveals.hidden(g.node(node_id), what) for g in doc.project.graphs.values()):
            return
        reveals.reveal(node_id, what, text, True, text)
        tools = getattr(getattr(self.window, "lessons", None), "exercise", None)
        if tools is not None:
            tools._refresh_views()
