#!/usr/bin/env python3
"""Writes the byte-exact fixtures beside this script.

The card *content* below is hand-written.  Python is only used where a human
cannot type the bytes reliably:
  * Android-style QUOTED-PRINTABLE (every byte as =XX, soft break "=\\r\\n"
    after every 67 output chars -- reproduces VCardBuilder.encodeQuotedPrintable
    in AOSP frameworks/opt/vcard, which ignores character boundaries),
  * base64 photo blocks,
  * a fold that deliberately lands inside a UTF-8 multi-byte sequence,
  * exact line endings / BOM.
Run:  python3 make_fixtures.py   (writes ./*.vcf, ./*.csv)
"""
import base64
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = HERE
CRLF = b"\r\n"
LF = b"\n"
BOM = b"\xef\xbb\xbf"


def fake_jpeg(seed: int, n: int) -> bytes:
    """Deterministic bytes that look like a JPEG (SOI/JFIF ... EOI)."""
    rnd = random.Random(seed)
    head = bytes.fromhex("FFD8FFE000104A46494600010100000100010000")
    body = bytes(rnd.randrange(256) for _ in range(n))
    return head + body + bytes.fromhex("FFD9")


def fake_png(seed: int, n: int) -> bytes:
    rnd = random.Random(seed)
    return bytes.fromhex("89504E470D0A1A0A") + bytes(rnd.randrange(256) for _ in range(n))


# ---------------------------------------------------------------- Android 2.1
def android_qp(text: str) -> str:
    """AOSP VCardBuilder.encodeQuotedPrintable: =XX for EVERY byte, soft line
    break '=\\r\\n' once 67 output chars were written (22 bytes), regardless of
    UTF-8 character boundaries.  Newlines in text become CRLF first."""
    text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    out, count = [], 0
    for b in text.encode("utf-8"):
        out.append("=%02X" % b)
        count += 3
        if count >= 67:
            out.append("=\r\n")
            count = 0
    s = "".join(out)
    assert not s.endswith("=\r\n"), "pick text whose byte length is not a multiple of 22"
    return s


def android_photo(data: bytes) -> str:
    """AOSP VCardBuilder.appendPhotoLine for 2.1: 'PHOTO;ENCODING=BASE64;JPEG:'
    + base64 on the same line, folded with CRLF+SPACE, then an extra CRLF
    (blank line terminates the base64 value in 2.1)."""
    tmp = "PHOTO;ENCODING=BASE64;JPEG:" + base64.b64encode(data).decode()
    out, count, maxnum = [], 0, 75 - 2
    for ch in tmp:
        out.append(ch)
        count += 1
        if count > maxnum:
            out.append("\r\n ")
            maxnum = 75 - 2 - 1
            count = 0
    return "".join(out) + "\r\n" + "\r\n"


def qp_line(prop: str, text: str) -> str:
    return f"{prop};CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:{android_qp(text)}\r\n"


def qp_n(family, given, middle="", prefix="", suffix="") -> str:
    parts = [android_qp(p) if p else "" for p in (family, given, middle, prefix, suffix)]
    return "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:" + ";".join(parts) + "\r\n"


def android_21() -> bytes:
    s = ""
    # 1 -- Jürgen Groß: QP name/org/note, photo, bare params
    s += "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    s += qp_n("Groß", "Jürgen")
    s += qp_line("FN", "Jürgen Groß")
    s += "TEL;CELL;PREF:+49 170 1234567\r\n"
    s += "TEL;HOME:+49 30 9876543\r\n"
    s += "EMAIL;HOME:juergen.gross@example.de\r\n"
    s += "EMAIL;WORK:j.gross@baeckerei-gross.example\r\n"
    s += "ADR;WORK:;;Kastanienallee 12;Berlin;;10435;Deutschland\r\n"
    s += qp_line("ORG", "Bäckerei Groß GmbH")
    s += "TITLE:Inhaber\r\n"
    s += "URL:https://baeckerei-gross.example\r\n"
    s += android_photo(fake_jpeg(1, 420))
    s += qp_line("NOTE", "Samstags auf dem Wochenmarkt.\nLieblingsbrot: Roggenmischbrot – fragt nach Körnern!")
    s += "BDAY:1990-05-17\r\n"
    s += "END:VCARD\r\n"
    # 2 -- 山田 花子: 3-byte CJK, soft breaks land mid-character
    s += "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    s += qp_n("山田", "花子")
    s += qp_line("FN", "山田 花子")
    s += "TEL;WORK:+81 3 1234 5678\r\n"
    s += "TEL;CELL:+81 90 1111 2222\r\n"
    s += "EMAIL;WORK:hanako.yamada@example.jp\r\n"
    s += "ORG:Example KK\r\n"
    s += "TITLE:Product Manager\r\n"
    s += qp_line("NOTE", "東京オフィス勤務。日本語でのメール歓迎。")
    s += "END:VCARD\r\n"
    # 3 -- Sam O'Neil: pure ASCII, 2.1 escaping (only \; ; comma literal)
    s += "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    s += "N:O'Neil;Sam;;;\r\n"
    s += "FN:Sam O'Neil\r\n"
    s += "TEL;VOICE:+1 415 555 0100\r\n"
    s += "EMAIL;INTERNET;PREF:sam@example.com\r\n"
    s += "URL:https://samoneil.example.com\r\n"
    s += "NOTE:Tea, no sugar\\; call after 6pm\r\n"
    s += "BDAY:19781231\r\n"
    s += "END:VCARD\r\n"
    # 4 -- Mohamed Farouk: yearless bday, X-ANDROID-CUSTOM noise, PREF before type
    s += "BEGIN:VCARD\r\nVERSION:2.1\r\n"
    s += "N:Farouk;Mohamed;;;\r\n"
    s += "FN:Mohamed Farouk\r\n"
    s += "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;Mo;1;;;;;;;;;;;;;\r\n"
    s += "TEL;PREF;WORK;VOICE:+20 2 2555 0199\r\n"
    s += "EMAIL;INTERNET:mo.farouk@example.eg\r\n"
    s += "ORG:Nile Logistics;Operations\r\n"
    s += "TITLE:Fleet Manager\r\n"
    s += "BDAY:--11-03\r\n"
    s += "END:VCARD\r\n"
    return s.encode("ascii")  # everything non-ASCII is QP-encoded


# ------------------------------------------------------------- Google 3.0 (LF)
GOOGLE = """\
BEGIN:VCARD
VERSION:3.0
FN:Priya Raman
N:Raman;Priya;;;
EMAIL;TYPE=INTERNET;TYPE=HOME:priya.raman@example.com
EMAIL;TYPE=INTERNET;TYPE=WORK:praman@contoso.example
TEL;TYPE=CELL:+44 7700 900123
ADR;TYPE=HOME:;;14 Tavistock Place;London;;WC1H 9RE;United Kingdom
ORG:Contoso Ltd.
TITLE:Staff Engineer
BDAY:1988-02-29
item1.URL:https\\://priya.example.dev
item1.X-ABLabel:Blog
NOTE:Met at FOSDEM 2023\\, Brussels.\\nIntro'd by Tom\\; wants the slides on CRDTs a
 nd the sync-engine benchmark.
CATEGORIES:myContacts,Friends
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Alex Kim
N:Kim;Alex;;;
EMAIL;TYPE=INTERNET:alex.kim@example.org
item1.EMAIL;type=INTERNET:akim@alumni.uni.example
item1.X-ABLabel:Uni
TEL;TYPE=CELL:+1 206 555 0134
item2.TEL:+1 206 555 0199
item2.X-ABLabel:Studio
BDAY:--05-17
CATEGORIES:myContacts,starred
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:Okonkwo;Chidi;;;
EMAIL;TYPE=INTERNET:chidi@okonkwo.example
TEL;TYPE=WORK:+234 1 555 0147
ORG:Okonkwo Consulting
NOTE:No FN on purpose – display name must be built from N.
CATEGORIES:myContacts,Clients
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:
N:;;;;
ORG:Nordwind Plumbing;
TEL;TYPE=WORK:+49 40 555 0123
CATEGORIES:myContacts
END:VCARD
BEGIN:VCARD
VERSION:3.0
EMAIL;TYPE=INTERNET:newsletter-friend@example.net
CATEGORIES:myContacts
END:VCARD
"""


def google_30() -> bytes:
    return BOM + GOOGLE.encode("utf-8")


# --------------------------------------------------------------- Apple 3.0
def fold_bytes_naive(line: bytes, width: int = 75) -> bytes:
    """Fold every `width` octets WITHOUT respecting UTF-8 boundaries (the
    in-the-wild bug).  Continuation lines are ' ' + (width-1) octets."""
    out, first, rest = [], line[:width], line[width:]
    out.append(first)
    while rest:
        out.append(b" " + rest[: width - 1])
        rest = rest[width - 1:]
    return CRLF.join(out) + CRLF


def fold_b64(prefix: str, data: bytes) -> bytes:
    """Apple-style PHOTO: value on the first line, folded at 75 with 1 space."""
    line = (prefix + base64.b64encode(data).decode()).encode()
    return fold_bytes_naive(line)  # pure ASCII, so naive == correct


def apple_30() -> bytes:
    L = []
    def p(s):  # one already-valid content line (short, no fold needed)
        b = s.encode("utf-8")
        assert len(b) <= 75, s
        L.append(b + CRLF)
    # 1 -- Åsa Lindqvist
    p("BEGIN:VCARD"); p("VERSION:3.0")
    p("PRODID:-//Apple Inc.//macOS 14.5//EN")
    p("N:Lindqvist;Åsa;;;"); p("FN:Åsa Lindqvist")
    p("ORG:Nordisk Design AB;Product"); p("TITLE:Design Lead")
    p("EMAIL;type=INTERNET;type=WORK;type=pref:asa.lindqvist@nordisk.example")
    p("EMAIL;type=INTERNET;type=HOME:asa@lindqvist.example")
    p("TEL;type=CELL;type=VOICE;type=pref:+46 70 123 45 67")
    p("item1.TEL:+46 8 555 0199"); p("item1.X-ABLabel:Studio")
    p("item2.URL;type=pref:https\\://asa.design.example")
    p("item2.X-ABLabel:_$!<HomePage>!$_")
    L.append(fold_bytes_naive(
        "X-SOCIALPROFILE;type=linkedin;x-user=asalindqvist:https\\://www.linkedin.com/in/asalindqvist".encode()))
    p("BDAY;X-APPLE-OMIT-YEAR=1604:1604-05-17")
    p("item3.X-ABDATE;type=pref:2015-09-12")
    p("item3.X-ABLabel:_$!<Anniversary>!$_")
    note = ("NOTE:Föreläsning på Göteborgs universitet – tisdagarna. Träffades på "
            "Formex 2022\\, älskar smörgåstårta\\, kanelbullar och långa promenader längs älven.")
    nb = note.encode("utf-8")
    # the naive 75-octet fold must split a multi-byte sequence at least once
    splits = [i for i in range(75, len(nb), 74) if (nb[i] & 0xC0) == 0x80]
    assert splits, "adjust NOTE text so a fold lands inside a UTF-8 sequence"
    L.append(fold_bytes_naive(nb))
    L.append(fold_b64("PHOTO;ENCODING=b;TYPE=JPEG:", fake_jpeg(2, 380)))
    p("X-ABUID:8C3B6B7A-2F4E-4B8C-9E0D-6A1F2B3C4D5E:ABPerson")
    p("END:VCARD")
    # 2 -- Dr. Marcus Aidan O'Brien-Walsh Jr.
    p("BEGIN:VCARD"); p("VERSION:3.0")
    p("PRODID:-//Apple Inc.//macOS 14.5//EN")
    p("N:O'Brien-Walsh;Marcus;Aidan;Dr.;Jr.")
    p("FN:Dr. Marcus Aidan O'Brien-Walsh Jr.")
    p("ORG:St. Vincent's Hospital\\, Dublin;Cardiology")
    p("TITLE:Consultant Cardiologist")
    p("EMAIL;type=INTERNET;type=WORK;type=pref:m.obrien-walsh@stvincents.example")
    p("TEL;type=WORK;type=VOICE;type=pref:+353 1 555 0142")
    p("item1.URL;type=pref:https\\://www.stvincents.example/cardiology")
    p("item1.X-ABLabel:_$!<HomePage>!$_")
    p("X-SOCIALPROFILE;type=twitter:https\\://twitter.com/drmarcusobw")
    p("BDAY;VALUE=date:1979-11-02")
    p("NOTE:Referral contact. Prefers email; never phone before 10:00.")
    p("X-ABUID:1F0E2D3C-4B5A-4968-8776-A5B4C3D2E1F0:ABPerson")
    p("END:VCARD")
    # 3 -- company card
    p("BEGIN:VCARD"); p("VERSION:3.0")
    p("PRODID:-//Apple Inc.//macOS 14.5//EN")
    p("N:;;;;"); p("FN:Kaffebar Söder")
    p("ORG:Kaffebar Söder;")
    p("TEL;type=MAIN;type=pref:+46 8 555 0100")
    p("item1.URL;type=pref:https\\://kaffebarsoder.example")
    p("item1.X-ABLabel:_$!<HomePage>!$_")
    p("X-ABShowAs:COMPANY")
    p("END:VCARD")
    # 4 -- Yuki Tanaka, --MMDD birthday, Apple custom-label email with escapes
    p("BEGIN:VCARD"); p("VERSION:3.0")
    p("PRODID:-//Apple Inc.//macOS 14.5//EN")
    p("N:Tanaka;Yuki;;;"); p("FN:Yuki Tanaka")
    p("EMAIL;type=INTERNET;type=HOME;type=pref:yuki.tanaka@example.jp")
    p("item1.EMAIL;type=INTERNET:yt@side-project.example")
    p("item1.X-ABLabel:Side\\, project")
    p("TEL;type=IPHONE;type=CELL;type=VOICE;type=pref:+81 80 5555 0123")
    p("BDAY:--0304")
    p("END:VCARD")
    return b"".join(L)


# ------------------------------------------------------------ Nextcloud 4.0
def nextcloud_40() -> bytes:
    L = []
    def p(s):
        b = s.encode("utf-8")
        assert len(b) <= 75, s
        L.append(b + CRLF)
    # 1 -- Dr. Lena Schäfer
    p("BEGIN:VCARD"); p("VERSION:4.0")
    p("PRODID:-//Sabre//Sabre VObject 4.5.4//EN")
    p("UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    p("KIND:individual")
    p("FN:Dr. Lena Schäfer"); p("N:Schäfer;Lena;;Dr.;")
    p("EMAIL;TYPE=work;PREF=1:lena.schaefer@uni-hamburg.example")
    p("EMAIL;TYPE=home:lena@schaefer.example")
    p('TEL;TYPE="cell,voice";VALUE=uri:tel:+49-170-5550123')
    p("TEL;TYPE=work;VALUE=uri:tel:+49-40-42838-0")
    p("ORG:Universität Hamburg;Fachbereich Informatik")
    p("TITLE:Postdoc")
    p("BDAY:19850412")
    p("CATEGORIES:Research,Conference 2024")
    p("URL;TYPE=work:https://www.inf.uni-hamburg.example/schaefer")
    p("NOTE:Co-author on the CRDT paper.\\nPrefers Signal\\; not WhatsApp.")
    p("REV:20240315T091522Z")
    p("END:VCARD")
    # 2 -- Tom Becker: tel URI with ;ext=, PREF on TEL, NICKNAME list, ANNIVERSARY, --MMDD
    p("BEGIN:VCARD"); p("VERSION:4.0")
    p("PRODID:-//Sabre//Sabre VObject 4.5.4//EN")
    p("UID:e3b0c442-98fc-1c14-9afb-f4c8996fb924")
    p("FN:Thomas Becker"); p("N:Becker;Thomas;;;")
    p("NICKNAME:Tommy,Tom")
    p("EMAIL:tom.becker@example.com")
    p("TEL;VALUE=uri;PREF=1;TYPE=work:tel:+1-555-555-0100;ext=12")
    p("TEL;TYPE=home:+1 555 555 0111")
    p("ORG:Acme Robotics"); p("TITLE:Senior Engineer")
    p("BDAY:--0612"); p("ANNIVERSARY:20100619")
    p("CATEGORIES:Family")
    p("REV:2023-11-02T18:04:11Z")
    p("END:VCARD")
    # 3 -- a KIND:group card (not a person)
    p("BEGIN:VCARD"); p("VERSION:4.0")
    p("UID:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af")
    p("KIND:group"); p("FN:Book Club")
    p("MEMBER:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1")
    p("MEMBER:urn:uuid:9a6e6f1c-5b0e-4d6c-8f3c-2a1b0c9d8e7f")
    p("REV:20240101T120000Z")
    p("END:VCARD")
    # 4 -- Nguyễn Thị Minh Anh: data: URI photo, BDAY;VALUE=text, unfolded X- prop
    p("BEGIN:VCARD"); p("VERSION:4.0")
    p("PRODID:-//Sabre//Sabre VObject 4.5.4//EN")
    p("UID:urn:uuid:9a6e6f1c-5b0e-4d6c-8f3c-2a1b0c9d8e7f")
    p("KIND:individual")
    p("FN:Nguyễn Thị Minh Anh"); p("N:Nguyễn;Minh Anh;Thị;;")
    p("EMAIL;TYPE=work:minhanh.nguyen@example.vn")
    p("TEL;TYPE=cell:+84 90 555 0147")
    p("BDAY;VALUE=text:circa 1990")
    L.append(fold_b64("PHOTO:data:image/png;base64,", fake_png(3, 150)))
    p("X-NEXTCLOUD-NOTE-SOURCE:import")
    p("REV:20240520T070000Z")
    p("END:VCARD")
    return b"".join(L)


# --------------------------------------------------------------- LinkedIn CSV
NOTES = ('Notes:',
         '"When exporting your connection data, you may notice that some of the '
         'email addresses are missing. You will only see email addresses for '
         'connections who have allowed their connections to see or download their '
         'email address using this setting https://www.linkedin.com/psettings/'
         'privacy/email. You can learn more here https://www.linkedin.com/help/'
         'linkedin/answer/261"',
         '')
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On"

ROWS_OLD = [
    'Hanako,Yamada,https://www.linkedin.com/in/hanako-yamada-jp,hanako.yamada@example.jp,Example KK,Product Manager,01 Apr 2024',
    'Amélie,Durand,https://www.linkedin.com/in/amelie-durand-4b21a7,,"Société Générale, Paris",Chargée d\'affaires,15 Mar 2024',
    'Tom,Becker,https://www.linkedin.com/in/tombecker,tom.becker@example.com,Acme Robotics,Senior Engineer,02 Jan 2023',
    'Priya,Raman,https://www.linkedin.com/in/priyaraman,,Contoso Ltd.,Staff Engineer,28 Feb 2022',
    'Chidi,Okonkwo,https://www.linkedin.com/in/chidi-okonkwo,,Self-employed,"Consultant ""Fractional CTO""",30 Jun 2021',
    'José María,García-López,https://www.linkedin.com/in/jmgarcialopez,jm.garcia@example.es,"Banco Ejemplo, S.A.","Director, Riesgos",07 Nov 2019',
]
ROWS_NEW = [
    'Lukas,Schmidt,https://www.linkedin.com/in/lukas-schmidt-92,,Deutsche Beispiel AG,Werkstudent,12 Jul 2024',
    ROWS_OLD[0], ROWS_OLD[1],
    'Tom,Becker,https://www.linkedin.com/in/tombecker,tom.becker@example.com,Globex Corporation,Engineering Manager,02 Jan 2023',
    'Priya,Raman,https://www.linkedin.com/in/priyaraman,,Northwind Traders,Principal Engineer,28 Feb 2022',
    ROWS_OLD[4], ROWS_OLD[5],
]


def linkedin(rows, eol: bytes) -> bytes:
    lines = list(NOTES) + [HEADER] + rows
    return BOM + eol.join(l.encode("utf-8") for l in lines) + eol


# ------------------------------------------------------------------- broken
BROKEN = """\
BEGIN:VCARD
VERSION:3.0
FN:Greta Good
N:Good;Greta;;;
EMAIL:greta.good@example.com
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Max Malformed
N:Malformed;Max;;;
EMAIL;TYPE=work max.malformed@example.com
TEL;TYPE=cell:+1 555 0100
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Nora NoEnd
N:NoEnd;Nora;;;
EMAIL:nora@example.com
BEGIN:VCARD
VERSION:3.0
FN:Otto After
N:After;Otto;;;
EMAIL:otto.after@example.com
END:VCARD
"""


def main():
    os.makedirs(OUT, exist_ok=True)
    files = {
        "android-2.1.vcf": android_21(),
        "google-3.0.vcf": google_30(),
        "apple-3.0.vcf": apple_30(),
        "nextcloud-4.0.vcf": nextcloud_40(),
        "Connections.csv": linkedin(ROWS_OLD, CRLF),
        "Connections-newer.csv": linkedin(ROWS_NEW, LF),
        "broken.vcf": BROKEN.replace("\n", "\r\n").encode("utf-8"),
    }
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
