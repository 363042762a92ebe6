"""Write tests/relevance/vhs.json: chosen real courses of the Berlin adult education centres.

Source: the Berlin VHS open-data export of May 2020 (docs: /work/shared/data/courses/SOURCE.md,
1,878 courses). The relevance set needs real titles and summaries as people wrote them, and a
fresh clone has no shared data, so the chosen courses are copied into the repo by this script
(run it by hand; the test reads only its output):

    python tests/relevance/vhs_extract.py /work/shared/data/courses/berlin_vhs_kurse_2020.json

Kept per course: title (name), summary (untertitel), the first sentences of the description
(at most DESCRIPTION_CHARS) with every sentence dropped that names a person (course leaders
are personal data: sentences with "Leitung", "Dozent", "Herr", "Frau" … and names the
export carries are left out, and PERSON_NAMES are replaced by "N. N."), topics chosen by hand per
group below. Key: "vhs-<guid>".
"""

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "vhs.json"
SOURCE = "/work/shared/data/courses/berlin_vhs_kurse_2020.json"
DESCRIPTION_CHARS = 280
PERSON = re.compile(
    r"Leitung|Dozent|Kursleit|Referent|Trainer(in)?\b|Herr\b|Frau\b|Dipl\.|Dr\.|Mag\.|www\.|http",
)
PERSON_NAMES = ("Helen Haukamp",)  # names found by reading the output

# One provider for all of them; the town only places it in the district's vocabulary.
PROVIDER = {"key": "vhs-berlin", "name": "Volkshochschulen Berlin", "kind": "vhs",
            "town": "heppenheim"}
# topic slugs (tests/relevance/catalog.json) → guids of the chosen courses
CHOSEN = {
    "kreatives-handwerk": [
        "553240", "557171", "527638", "557883", "560772", "564157",  # Keramik
        "540922", "534185", "553949", "534204",  # Nähen
    ],
    "malen-zeichnen": [
        "556983", "531693", "541469", "557521", "557373", "541488", "560767", "552947",
        "526993", "527231", "533162", "527546",
    ],
    "fotografie-film": ["557835", "543535", "557791", "528410", "541681", "528413"],
    "literatur-schreiben": ["557413", "527191", "532039", "561364", "527194", "541115"],
    "edv-office": [
        "548928", "552612", "524713", "548925", "526535", "517954", "524717", "552703",
        "527051", "552643", "542910", "552440", "518494", "561541", "564511",
    ],
    "steuern": ["517993", "566524", "578189", "552626", "552625", "521958"],
    "bewegung": ["524929", "525880", "538609", "525851", "528019", "525858"],
    "tanz": ["540841", "541003", "526054", "529096", "528221"],
    "sprachen": [
        "530268", "550962", "541264", "556301", "561936", "544951", "551454", "535909",
        "559763", "559747", "541659", "549864", "557842",
    ],
    "kommunikation": ["574636", "535460", "574647", "516410", "530305"],
    "ernaehrung": ["535877", "537844", "537081", "526796", "536424", "538743"],
    "gedaechtnistraining": ["539314"],
    "yoga": ["529376", "560995", "557684"],
    "entspannung": ["555362", "532082", "569164"],
    "musik": ["556994", "525481", "561030", "550820"],
    "bewerbung": ["517907"],
    "buchhaltung": ["552619", "552620"],
    "programmieren": ["522656", "534494", "518595"],
    "smartphone-tablet": ["519625", "571797"],
}


def sentences(text):
    return [s.strip() for s in re.split(r"(?<=[.!?])\s+", text.replace("\r", " ")) if s.strip()]


def description(course):
    texts = [t.get("text") or "" for t in course.get("text") or []
             if t.get("eigenschaft") == "Beschreibung"]
    kept = []
    for sentence in sentences(" ".join(texts)):
        if PERSON.search(sentence):
            continue
        if sum(map(len, kept)) + len(sentence) > DESCRIPTION_CHARS:
            break
        kept.append(sentence)
    text = " ".join(kept)
    for name in PERSON_NAMES:
        text = text.replace(name, "N. N.")
    return re.sub(r"\s+", " ", text).strip()


def main(path):
    courses = json.loads(Path(path).read_text(encoding="utf-8"))["veranstaltungen"]["veranstaltung"]
    by_guid = {c["guid"]: c for c in courses}
    offerings = []
    for topic, guids in CHOSEN.items():
        for guid in guids:
            course = by_guid[guid]
            offerings.append({
                "key": f"vhs-{guid}",
                "title": re.sub(r"\s+", " ", course["name"]).strip(),
                "summary": re.sub(r"\s+", " ", course.get("untertitel") or "").strip(),
                "description": description(course),
                "provider": "vhs-berlin",
                "topics": [topic],
                "phases": ["weiterbildung-beruf"],
                "online": True,
            })
    OUT.write_text(
        "{\n \"source\": \"Berlin VHS open data, May 2020 (tests/relevance/vhs_extract.py)\",\n"
        " \"providers\": [" + json.dumps(PROVIDER, ensure_ascii=False) + "],\n"
        " \"offerings\": [\n"
        + ",\n".join("  " + json.dumps(o, ensure_ascii=False) for o in offerings)
        + "\n ]\n}\n",
        encoding="utf-8",
    )
    print(f"{len(offerings)} offerings → {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else SOURCE)
