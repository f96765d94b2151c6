"""Evaluation metrics against hand computations, and `netstudio evaluate --json` on tiny trained checkpoints."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from netstudio.cli import main
from netstudio.training import evaluation as ev

from .conftest import blob_doc, chain, write_doc

# rows: true class, columns: predicted class
CONFUSION = [[5, 2, 1],     # cat:  8 samples
             [1, 6, 0],     # dog:  7 samples
             [0, 2, 3]]     # bird: 5 samples


def test_per_class_macro_and_weighted_match_a_hand_computation():
    r = ev.classification_report(CONFUSION, ["cat", "dog", "bird"])
    # by hand: precision = diagonal / column sum (6, 10, 4), recall = diagonal / row sum (8, 7, 5)
    precision = [5 / 6, 6 / 10, 3 / 4]
    recall = [5 / 8, 6 / 7, 3 / 5]
    f1 = [10 / 14, 12 / 17, 6 / 9]          # 2 TP / (predicted + true)
    assert [c["name"] for c in r["classes"]] == ["cat", "dog", "bird"]
    assert [c["support"] for c in r["classes"]] == [8, 7, 5]
    assert [c["precision"] for c in r["classes"]] == pytest.approx(precision)
    assert [c["recall"] for c in r["classes"]] == pytest.approx(recall)
    assert [c["f1"] for c in r["classes"]] == pytest.approx(f1)
    assert r["macro_avg"]["f1"] == pytest.approx((10 / 14 + 12 / 17 + 6 / 9) / 3)
    assert r["macro_avg"]["precision"] == pytest.approx((5 / 6 + 6 / 10 + 3 / 4) / 3)
    assert r["weighted_avg"]["f1"] == pytest.approx((8 * 10 / 14 + 7 * 12 / 17 + 5 * 6 / 9) / 20)
    assert r["weighted_avg"]["recall"] == pytest.approx(14 / 20)      # weighted recall is the accuracy
    assert r["accuracy"] == pytest.approx(0.7) and r["macro_avg"]["support"] == 20


def test_a_class_never_predicted_scores_zero_and_an_absent_class_is_left_out_of_averages():
    r = ev.classification_report([[4, 0, 0], [2, 0, 0], [0, 0, 0]])
    assert r["class_names"] == ["0", "1", "2"]
    assert r["classes"][1] == {"name": "1", "precision": 0.0, "recall": 0.0, "f1": 0.0, "support": 2}
    # class 2 is neither in the split nor predicted: macro averages over classes 0 and 1
    assert r["macro_avg"]["precision"] == pytest.approx((4 / 6 + 0) / 2)
    assert r["macro_avg"]["f1"] == pytest.approx((8 / 10) / 2)


def test_roc_auc_and_average_precision_of_a_known_case():
    y = [0, 0, 1, 1]
    scores = [0.1, 0.4, 0.35, 0.8]
    fpr, tpr = ev.roc_curve(y, scores)
    assert fpr.tolist() == [0, 0, 0.5, 0.5, 1] and tpr.tolist() == [0, 0.5, 0.5, 1, 1]
    assert ev.auc(fpr, tpr) == 0.75                        # 3 of the 4 (positive, negative) pairs ranked right
    recall, precision = ev.precision_recall_curve(y, scores)
    assert ev.average_precision(recall, precision) == pytest.approx(0.5 * 1 + 0.5 * 2 / 3)
    assert ev.auc(*ev.roc_curve([0, 1, 1, 0], [0.5] * 4)) == 0.5         # all tied: a coin
    assert ev.auc(*ev.roc_curve([0, 0, 1], [0.1, 0.2, 0.9])) == 1.0
    curves = ev.binary_curves(np.array([1, 1, 1]), [0.2, 0.5, 0.9], "yes")
    assert curves["roc"] is None and "single class" in curves["note"]


def test_regression_report_matches_a_hand_computation():
    r = ev.regression_report([1.0, 3.0, 2.0, 4.0], [1.0, 2.0, 3.0, 4.0])
    # errors 0, 1, -1, 0; targets' mean 2.5, sum of squares about it 5
    assert r["mae"] == 0.5 and r["rmse"] == pytest.approx(math.sqrt(0.5)) and r["r2"] == pytest.approx(1 - 2 / 5)
    assert r["scatter"] == {"true": [1, 2, 3, 4], "pred": [1, 3, 2, 4], "total": 4}
    two = ev.regression_report(np.array([[1.0, 0.0], [2.0, 1.0]]), np.array([[1.0, 0.0], [3.0, 1.0]]))
    assert two["outputs"] == 2 and two["r2"] == pytest.approx((0.5 + 1.0) / 2)   # per output: 1 - 1/2, and 1


def _evaluate_json(capsys, project, run, *extra) -> dict:
    assert main(["evaluate", project, str(run), "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def _check_classes_against_confusion(result):
    cm = np.array(result["confusion"])
    assert cm.sum() == result["samples"]
    for i, c in enumerate(result["classes"]):
        assert c["support"] == cm[i].sum()
        assert c["f1"] == pytest.approx(2 * cm[i, i] / (cm[i].sum() + cm[:, i].sum()) if cm[i, i] else 0.0)
    assert result["accuracy"] == pytest.approx(result["acc"])


def test_cli_json_on_a_trained_three_class_checkpoint(trained, capsys):
    project, run = trained
    result = _evaluate_json(capsys, project, run, "--split", "val")
    assert result["task"] == "classify" and result["split"] == "val" and result["samples"] == 12
    assert [c["name"] for c in result["classes"]] == ["blob 0", "blob 1", "blob 2"]
    assert set(result["macro_avg"]) == {"precision", "recall", "f1", "support"}
    assert "binary" not in result and "note" not in result
    _check_classes_against_confusion(result)
    assert main(["evaluate", project, str(run), "--split", "val"]) == 0        # the readable form
    text = capsys.readouterr().out
    assert "macro avg" in text and "weighted avg" in text and "blob 2" in text


@pytest.mark.parametrize("loss, out", [("cross_entropy", 2), ("bce", 1)])
def test_cli_json_on_a_binary_checkpoint_has_roc_and_pr_with_auc(tmp_path, capsys, loss, out):
    doc = blob_doc(data={"options": {"samples": 200, "classes": 2}}, out=out, training={"epochs": 2})
    doc["task"] = {"type": "classify", "loss": loss}
    project = write_doc(tmp_path, doc)
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    result = _evaluate_json(capsys, project, tmp_path / "run", "--split", "test")
    _check_classes_against_confusion(result)
    roc, pr = result["binary"]["roc"], result["binary"]["pr"]
    assert result["binary"]["positive_class"] == "blob 1"
    assert roc["auc"] == pytest.approx(ev.auc(roc["fpr"], roc["tpr"])) and roc["auc"] > 0.8     # blobs separate well
    assert 0.5 < pr["auc"] <= 1.0 and pr["recall"][-1] == 1.0


def test_cli_json_on_a_regression_checkpoint(tmp_path, capsys):
    graph = chain([("seq", "Input", {"shape": [8, 1]}), ("flat", "Flatten", {}), ("fc", "Linear", {"out_features": 1}),
                   ("out", "Output", {})])
    doc = blob_doc()
    doc.update(graphs={"model": graph}, task={"type": "regress"},
               data={"dataset": "sine", "options": {"samples": 200, "length": 8}})
    project = write_doc(tmp_path, doc)
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    result = _evaluate_json(capsys, project, tmp_path / "run", "--split", "val")
    pairs = np.array(result["scatter"]["pred"]) - np.array(result["scatter"]["true"])
    assert result["scatter"]["total"] == result["samples"] == len(pairs)
    assert result["mae"] == pytest.approx(np.abs(pairs).mean(), rel=1e-5)
    assert result["rmse"] == pytest.approx(np.sqrt((pairs ** 2).mean()), rel=1e-5)
    assert result["r2"] is not None and result["r2"] <= 1.0
    assert "classes" not in result and "classification only" in result["note"]


def test_cli_bad_checkpoint_and_project_give_one_sentence(trained, tmp_path, capsys):
    project, run = trained
    assert main(["evaluate", project, str(tmp_path / "none"), "--json"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err
    assert captured.err.strip() == f"netstudio evaluate: {tmp_path / 'none'}: no such checkpoint file or run folder"
    assert main(["evaluate", str(tmp_path / "missing.nsproj"), str(run), "--json"]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "missing.nsproj" in err[0]


def test_run_checkpoint_picks_best_by_validation_loss_or_last(trained, tmp_path):
    _, run = trained
    best = ev.run_checkpoint(run, "best")
    assert best.is_file() and best.suffix == ".safetensors"
    assert ev.run_checkpoint(run, "last") == best            # one epoch: one checkpoint
    with pytest.raises(ev.ProjectError, match="holds no checkpoint"):
        ev.run_checkpoint(tmp_path, "best")


def test_cli_json_on_a_next_character_model_says_per_class_metrics_do_not_apply(tmp_path, capsys):
    graph = chain([("chars", "Input", {"shape": [16], "dtype": "int64"}),
                   ("embed", "Embedding", {"num_embeddings": 96, "embedding_dim": 8}),
                   ("gru", "GRU", {"hidden_size": 16}), ("next_char", "Linear", {"out_features": 96}),
                   ("logits", "Output", {})])
    doc = blob_doc(training={"max_steps": 3})
    doc.update(graphs={"model": graph}, task={"type": "sequence", "mode": "next_char", "generate_length": 20},
               data={"dataset": "text", "options": {"stride": 16}})
    project = write_doc(tmp_path, doc)
    assert main(["train", project, "--run-dir", str(tmp_path / "run"), "--quiet"]) == 0
    capsys.readouterr()
    result = _evaluate_json(capsys, project, tmp_path / "run", "--split", "val")
    assert result["task"] == "next_char" and result["perplexity"] >= 1.0 and len(result["sample_text"]) >= 20
    assert "classes" not in result and "confusion" not in result
    assert result["note"].startswith("per-class precision, recall and F1 apply to classification only")
    assert main(["evaluate", project, str(tmp_path / "run"), "--split", "val"]) == 0
    assert "note: per-class precision" in capsys.readouterr().out
