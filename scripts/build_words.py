"""Build the word list display lines are broken by (bulletin/typeset/words.txt).

    pip install jieba && python scripts/build_words.py

Takes the words of two characters or more from jieba's dictionary (MIT licence, by
Sun Junyi; https://github.com/fxsjy/jieba) that occur at least MIN_FREQUENCY times in
its corpus, with their frequencies. The output is byte-identical for the same input.
Why a list of our own and not jieba at run time: loading jieba's full dictionary takes
about a second, longer than a whole build; this list loads in a few tens of ms.
"""

from __future__ import annotations

import argparse
from pathlib import Path

MIN_FREQUENCY = 10
OUT = Path(__file__).resolve().parent.parent / "bulletin" / "typeset" / "words.txt"
HEADER = """\
# Chinese words (two characters or more) and their corpus frequencies, for breaking
# display lines between words. Made by scripts/build_words.py from the dictionary of
# jieba (https://github.com/fxsjy/jieba), under its licence:
#
# The MIT License (MIT)
#
# Copyright (c) 2013 Sun Junyi
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionary", type=Path, help="jieba's dict.txt (default: the "
                        "installed jieba's)")
    args = parser.parse_args()
    source = args.dictionary
    if source is None:
        import jieba

        source = Path(jieba.__file__).parent / "dict.txt"
    lines = []
    for line in source.read_text(encoding="utf-8").splitlines():
        word, frequency, *_ = line.split()
        if len(word) > 1 and int(frequency) >= MIN_FREQUENCY:
            lines.append(f"{word} {frequency}\n")
    total = sum(int(line.split()[1]) for line in lines)
    OUT.write_text(HEADER + f"# total {total}\n" + "".join(lines), encoding="utf-8")
    print(f"{OUT}: {len(lines)} words")


if __name__ == "__main__":
    main()
