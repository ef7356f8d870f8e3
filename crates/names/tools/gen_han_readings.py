#!/usr/bin/env python3
"""Writes crates/names/src/han/readings.tsv: the Korean and Japanese readings of the Han
characters used in Korean and Japanese personal names, from Unicode's Unihan database.

    python3 crates/names/tools/gen_han_readings.py [UNIHAN] > crates/names/src/han/readings.tsv

UNIHAN is Unihan.zip or a folder holding its files (`Unihan_Readings.txt` and
`Unihan_OtherMappings.txt`, plain or as Debian's `.bz2`); by default /usr/share/unicode, where
Debian's `unicode-data` package puts them (apt-get install unicode-data).

Which characters:
  * Korean readings (kHangul) of the characters of KS X 1001 (kKSC0, the hanja of Korean
    computing) and of the Korean personal-name hanja (kKoreanName);
  * Japanese readings (kJapaneseOn, kJapaneseKun) of the jōyō kanji (kJoyoKanji) and the
    jinmeiyō kanji (kJinmeiyoKanji), the characters Japanese given names may be written in.
A character with neither kind of reading is left out. Readings are lower-cased, in Unihan's
own romanisation of Japanese (Hepburn with long vowels written `ou`, `uu`: TAROU is `rou`).
"""

import bz2
import io
import os
import sys
import zipfile

FILES = ("Unihan_Readings.txt", "Unihan_OtherMappings.txt")


def open_files(source):
    """The lines of each Unihan file we read, from a zip or a folder."""
    if source.endswith(".zip"):
        z = zipfile.ZipFile(source)
        for name in FILES:
            yield name, io.TextIOWrapper(z.open(name), encoding="utf-8")
        return
    for name in FILES:
        path = os.path.join(source, name)
        if os.path.exists(path):
            yield name, open(path, encoding="utf-8")
        else:
            yield name, bz2.open(path + ".bz2", "rt", encoding="utf-8")


def main():
    source = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/unicode"
    fields = {}  # code point -> field -> value
    version = date = None
    for _, lines in open_files(source):
        for line in lines:
            if line.startswith("# Unicode version:"):
                version = line.split(":", 1)[1].strip()
            if line.startswith("# Date:") and date is None:
                date = line.split(":", 1)[1].strip()
            if line.startswith("#") or not line.strip():
                continue
            cp, field, value = line.rstrip("\n").split("\t", 2)
            fields.setdefault(int(cp[2:], 16), {})[field] = value

    rows = []
    for cp in sorted(fields):
        f = fields[cp]
        korean = "kKSC0" in f or "kKoreanName" in f
        japanese = "kJoyoKanji" in f or "kJinmeiyoKanji" in f
        hangul = []
        if korean and "kHangul" in f:
            # `금:0E 김:0N`: the syllable, then the sources that give it.
            for v in f["kHangul"].split():
                s = v.split(":")[0]
                if s not in hangul:
                    hangul.append(s)
        on = f.get("kJapaneseOn", "").lower().split() if japanese else []
        kun = f.get("kJapaneseKun", "").lower().split() if japanese else []
        # Keep plain letters only (a few readings carry marks of their own).
        on = [r for r in dict.fromkeys(on) if r.isascii() and r.isalpha()]
        kun = [r for r in dict.fromkeys(kun) if r.isascii() and r.isalpha()]
        if not (hangul or on or kun):
            continue
        rows.append((chr(cp), " ".join(hangul), " ".join(on), " ".join(kun)))

    out = sys.stdout
    out.write(
        f"""# The Korean and Japanese readings of the Han characters of personal names.
# Derived (by crates/names/tools/gen_han_readings.py) from the Unihan database of Unicode
# {version} ({date}): kHangul for the characters of KS X 1001 (kKSC0) and the Korean name
# hanja (kKoreanName); kJapaneseOn and kJapaneseKun for the joyo and jinmeiyo kanji
# (kJoyoKanji, kJinmeiyoKanji). Modified from the original: these fields and characters
# only, readings lower-cased, Hangul without its source tags. {len(rows)} characters.
# Columns: character, Hangul readings, Japanese on readings, Japanese kun readings.
#
# Copyright © 1991-2022 Unicode, Inc. All rights reserved. Distributed under the Terms of
# Use in https://www.unicode.org/copyright.html (the Unicode License Agreement - Data Files
# and Software):
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of the Unicode
# data files and any associated documentation (the "Data Files") or Unicode software and any
# associated documentation (the "Software") to deal in the Data Files or Software without
# restriction, including without limitation the rights to use, copy, modify, merge, publish,
# distribute, and/or sell copies of the Data Files or Software, and to permit persons to whom
# the Data Files or Software are furnished to do so, provided that either (a) this copyright
# and permission notice appear with all copies of the Data Files or Software, or (b) this
# copyright and permission notice appear in associated Documentation.
#
# THE DATA FILES AND SOFTWARE ARE PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A
# PARTICULAR PURPOSE AND NONINFRINGEMENT OF THIRD PARTY RIGHTS. IN NO EVENT SHALL THE COPYRIGHT
# HOLDER OR HOLDERS INCLUDED IN THIS NOTICE BE LIABLE FOR ANY CLAIM, OR ANY SPECIAL INDIRECT OR
# CONSEQUENTIAL DAMAGES, OR ANY DAMAGES WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS,
# WHETHER IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN
# CONNECTION WITH THE USE OR PERFORMANCE OF THE DATA FILES OR SOFTWARE.
#
# Except as contained in this notice, the name of a copyright holder shall not be used in
# advertising or otherwise to promote the sale, use or other dealings in these Data Files or
# Software without prior written authorization of the copyright holder.
"""
    )
    for row in rows:
        out.write("\t".join(row) + "\n")


if __name__ == "__main__":
    main()
