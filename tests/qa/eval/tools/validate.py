import json, re, sys, datetime as dt, collections
MN = ["januar","februar","mars","april","mai","juni","juli","august","september","oktober","november","desember"]
WNB = ["mandag","tirsdag","onsdag","torsdag","fredag","lørdag","søndag"]
WNN = ["måndag","tysdag","onsdag","torsdag","fredag","laurdag","sundag"]
ME = ["January","February","March","April","May","June","July","August","September","October","November","December"]
path = sys.argv[1]
rows = []
for i, line in enumerate(open(path, encoding="utf-8"), 1):
    rows.append(json.loads(line))
ids = [r["id"] for r in rows]
assert len(ids) == len(set(ids)), "duplicate ids"
assert len(rows) >= 240
keys = {"id","question","today","lang","category","expect","expect_not","sources_any","outside_plan"}
cats = {"deadline","next_deadline","meeting","percentage","composition","roles","reporting","local_plan","innstilling","contradiction","holiday","offtopic","other"}
nb_re = re.compile(r"^(?:(\w+) )?(\d{1,2})\. (\w+) (\d{4})$")
en_re = re.compile(r"^(\d{1,2}) ([A-Z][a-z]+) (\d{4})$")
ndates = 0
for r in rows:
    assert set(r) == keys, r["id"]
    assert r["lang"] in ("nb","nn","en") and r["id"].startswith(r["lang"] + "-")
    assert r["category"] in cats
    t = dt.date.fromisoformat(r["today"])
    assert dt.date(2026,1,1) <= t <= dt.date(2028,12,31), r["id"]
    if r["outside_plan"]:
        assert r["expect"] == [] and r["sources_any"] == [] and r["category"] == "offtopic", r["id"]
    else:
        assert r["expect"] and r["sources_any"] and r["category"] != "offtopic", r["id"]
        assert all(g and all(isinstance(a, str) and a.strip() for a in g) for g in r["expect"]), r["id"]
    for s in [a for g in r["expect"] for a in g] + r["expect_not"]:
        m = nb_re.match(s)
        if m and m.group(3) in MN:
            x = dt.date(int(m.group(4)), MN.index(m.group(3)) + 1, int(m.group(2)))
            if m.group(1):
                wd = WNB if r["lang"] != "nn" else WNN
                assert m.group(1) == wd[x.weekday()], (r["id"], s)
                assert r["lang"] == "nb", (r["id"], "weekday only in nb")
            ndates += 1
        m = en_re.match(s)
        if m:
            dt.date(int(m.group(3)), ME.index(m.group(2)) + 1, int(m.group(1)))
            ndates += 1
    # expect_not must not be contained in any expected alternative
    for s in r["expect_not"]:
        for g in r["expect"]:
            for a in g:
                assert s.lower() not in a.lower(), (r["id"], s, a)

# brute-force recheck of next meeting / next deadline expectations
def brute_next(today, pred):
    x = today
    while not pred(x):
        x += dt.timedelta(days=1)
    return x
is_meet = lambda x: x.weekday() == 3 and x.isocalendar()[1] in (3,10,25,38,46)
is_dl = lambda x: (x.month, x.day) in {(1,15),(2,1),(3,15),(4,15)}
def render(lang, x):
    if lang == "en": return f"{x.day} {ME[x.month-1]} {x.year}"
    core = f"{x.day}. {MN[x.month-1]} {x.year}"
    return f"{WNB[x.weekday()]} {core}" if lang == "nb" else core
checked = 0
for r in rows:
    t = dt.date.fromisoformat(r["today"])
    q = r["question"].lower()
    if r["category"] == "meeting" and ("neste" in q or "next" in q) and "innkall" not in q and "invitation" not in q:
        assert r["expect"][0] == [render(r["lang"], brute_next(t, is_meet))], r["id"]; checked += 1
    if r["category"] == "next_deadline":
        a = brute_next(t, is_dl)
        assert r["expect"][0] == [render(r["lang"], a)], r["id"]
        if len(r["expect"]) == 2 and len(r["expect"][1]) == 1 and re.search(r"\d{4}$", r["expect"][1][0]):
            b = brute_next(a + dt.timedelta(days=1), is_dl)
            assert r["expect"][1] == [render(r["lang"], b)], r["id"]
        checked += 1
print("rows", len(rows), "date strings checked", ndates, "relative answers rechecked", checked)
print(collections.Counter(r["lang"] for r in rows))
print(sorted(collections.Counter(r["category"] for r in rows).items()))
print("outside", sum(r["outside_plan"] for r in rows))
