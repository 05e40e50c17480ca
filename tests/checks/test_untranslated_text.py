"""MT501 untranslated-text beyond its pass/fail cases: confidence, target language, settings."""

from __future__ import annotations

import pytest

from mtcheck.checks import run_checks
from mtcheck.errors import ConfigError
from mtcheck.model import Confidence, Severity

from .helpers import make_document


def _findings(mt, src=None, language="en", settings=None):
    document = make_document(mt, src=src)
    findings, _ = run_checks(
        [document], None, select=["MT501"], language=language, settings={"MT501": settings} if settings else None
    )
    return findings


def test_fragment_found_in_the_source_is_high_confidence():
    (finding,) = _findings(["The museum 青石馆 reopened."], src=["青石馆重新开放。"])
    assert finding.confidence is Confidence.HIGH and finding.severity is Severity.MAJOR
    assert "occurs in the source" in finding.message


def test_without_a_source_or_not_in_it_is_medium():
    (no_source,) = _findings(["The museum 青石馆 reopened."])
    assert no_source.confidence is Confidence.MEDIUM and "no source" in no_source.message
    (elsewhere,) = _findings(["The museum 青石馆 reopened."], src=["博物馆重新开放。"])
    assert elsewhere.confidence is Confidence.MEDIUM and "does not contain" in elsewhere.message


def test_script_the_source_lacks_is_medium_and_says_so():
    (finding,) = _findings(["Talks with Светлогорск resumed."], src=["与对方的会谈恢复了。"])
    assert finding.confidence is Confidence.MEDIUM and "Cyrillic" in finding.message
    assert "another script" in finding.message


def test_single_letter_is_minor_and_less_sure():
    (finding,) = _findings(["A 福 sign hung there."])
    assert finding.severity is Severity.MINOR and finding.confidence is Confidence.LOW


def test_bracketed_text_that_does_not_spell_the_words_before_it_is_a_low_minor_gloss():
    (finding,) = _findings(["The Gullwing Tower (望海楼) was rebuilt."], src=["望海楼重建了。"])
    assert finding.severity is Severity.MINOR and finding.confidence is Confidence.LOW
    assert "in brackets after 'Tower'" in finding.message


def test_one_finding_per_fragment_and_span_points_at_it():
    mt = "Cities 北山，南湖 and Дальний were named."
    findings = _findings([mt], src=["北山、南湖"])
    assert [f.found for f in findings] == ["北山，南湖", "Дальний"]
    for finding in findings:
        assert mt[finding.start : finding.end] == finding.found


def test_target_language_decides_which_scripts_are_foreign():
    assert _findings(["Мэр Белозёрска открыл мост."], language="ru") == []
    (finding,) = _findings(["Мэр 北山 открыл мост."], language="ru")
    assert finding.found == "北山" and "Russian MT" in finding.message
    assert [f.found for f in _findings(["Мэр Белозёрска открыл мост."], language="en-GB")] == ["Мэр Белозёрска открыл мост"]


def test_allow_scripts_setting():
    assert _findings(["The slogan ΝΙΚΗ was painted on the wall."], settings={"allow-scripts": ["Greek"]}) == []
    assert len(_findings(["The slogan ΝΙΚΗ was painted on the wall."])) == 1
    with pytest.raises(ConfigError, match="not a Unicode script"):
        _findings(["text"], settings={"allow-scripts": ["Klingonese"]})


def test_plain_pinyin_and_accented_european_names_are_not_flagged():
    findings = _findings(
        ["Mayor Qiao Minghui met José Álvarez in Xinlan."], src=["市长乔明辉在新兰会见了何塞·阿尔瓦雷斯。"]
    )
    assert findings == []


def test_a_gloss_must_spell_every_character():
    assert _findings(["The blogger Tan Yuexin (谭悦欣) posted it."]) == []
    (finding,) = _findings(["The blogger Yuexin (谭悦欣) posted it."])
    assert finding.severity is Severity.MINOR and finding.confidence is Confidence.LOW
