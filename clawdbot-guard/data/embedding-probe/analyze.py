import csv, collections
rows = collections.defaultdict(list)
for v, g, l, n, m, a, b in csv.reader(open("scores.tsv"), delimiter="\t"):
    rows[v].append((g, int(l), int(n), float(m)))
def auc(pos, neg):
    allv = sorted([(x, 1) for x in pos] + [(x, 0) for x in neg])
    r = 0; cnt_neg = 0; tot = 0
    # Mann-Whitney
    import bisect
    neg_sorted = sorted(neg)
    s = 0
    for p in pos:
        lo = bisect.bisect_left(neg_sorted, p); hi = bisect.bisect_right(neg_sorted, p)
        s += lo + 0.5 * (hi - lo)
    return s / (len(pos) * len(neg))
for v, rs in rows.items():
    by = lambda g: [m for gg, l, n, m in rs if gg == g]
    deb = sorted(by("debian-benign")); tb = sorted(by("tmpl-benign"))
    # threshold so that debian FPR = 8/500 (the shipped pipeline's)
    t = deb[-9] if len(deb) >= 9 else 0  # 8 above
    rate = lambda xs, t: sum(x > t for x in xs) / len(xs)
    print(f"{v}: AUC planted-vs-debian {auc(by('planted'), deb):.3f}, AUC tmpl {auc(by('tmpl-attack'), tb):.3f}; "
          f"at debian FPR {rate(deb, t):.3f}: planted {rate(by('planted'), t):.3f}, giskard {rate(by('giskard-direct'), t):.3f}, "
          f"tmpl-attack {rate(by('tmpl-attack'), t):.3f}, tmpl-benign FPR {rate(tb, t):.3f}")
