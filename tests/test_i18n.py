"""The Chinese catalogue: complete, compiled, and used when a message is told in Chinese."""

import subprocess
import sys
from pathlib import Path

from bulletin.errors import BulletinError
from bulletin.i18n import choose_language, t

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_has_a_chinese_translation_and_the_mo_is_current():
    check = subprocess.run([sys.executable, str(ROOT / "scripts" / "catalogue.py"), "--check"],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_message_is_english_by_default_and_chinese_when_told_so():
    error = BulletinError(t("{a}{b}", a="甲", b=t("{a}{b}", a="乙", b="丙")), "hint",
                          "x.yaml", 3, 5)
    assert str(error) == "x.yaml:3:5: 甲乙丙; hint"
    assert error.tell("zh") == "x.yaml:3:5: 甲乙丙；hint"


def test_the_language_follows_the_locale_unless_forced():
    assert choose_language(None, {"LANG": "zh_CN.UTF-8"}) == "zh"
    assert choose_language(None, {"LANG": "en_US.UTF-8"}) == "en"
    assert choose_language(None, {"LANG": "C.UTF-8"}) == "en"
    assert choose_language(None, {"LANGUAGE": "zh_TW", "LANG": "en_US.UTF-8"}) == "zh"
    assert choose_language(None, {}) == "en"
    assert choose_language("en", {"LANG": "zh_CN.UTF-8"}) == "en"
