#!/usr/bin/env python3
"""Converts the PowerShell 7.5 reference of MicrosoftDocs/PowerShell-Docs into a kbpress KB, for
the relevance benchmark's real docs set (tests/relevance/powershell.toml). Nothing it reads or
writes is committed. Standard library only.

    git clone --depth 1 https://github.com/MicrosoftDocs/PowerShell-Docs /tmp/ps-docs
    python3 tests/relevance/convert-powershell-docs.py /tmp/ps-docs/reference/7.5 /tmp/pskb
    scripts/relevance /tmp/pskb tests/relevance/powershell.toml

Each module folder becomes a category (its About/ folder another), each article keeps its title
and description (else its synopsis) as summary, loses its H1, and relative links become their
text (the KB holds one version of the reference, and the links point at others).
"""
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out + "/articles", exist_ok=True)
modules = {}
link = re.compile(r'(!?)\[([^\]]*)\]\(([^)]*)\)')
def fix_links(line):
    def repl(m):
        if m.group(1): return m.group(2)  # images dropped to their alt text
        url = m.group(3)
        if url.startswith(("http://", "https://")): return m.group(0)
        return m.group(2)
    return link.sub(repl, line)
def slug(s): return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')
count = 0
for dirpath, dirs, files in sorted(os.walk(src)):
    dirs.sort()
    for name in sorted(files):
        if not name.endswith('.md'): continue
        path = os.path.join(dirpath, name)
        rel = os.path.relpath(path, src)
        parts = rel.split(os.sep)
        if len(parts) < 2: continue
        text = open(path, encoding='utf-8').read()
        m = re.match(r'---\n(.*?)\n---\n(.*)', text, re.S)
        if not m: continue
        fm, body = m.group(1), m.group(2)
        fields = {}
        for l in fm.splitlines():
            mm = re.match(r'([A-Za-z. ]+):\s*(.*)', l)
            if mm: fields[mm.group(1).strip()] = mm.group(2).strip()
        title = fields.get('title') or os.path.splitext(name)[0]
        summary = fields.get('description', '')
        lines = body.splitlines()
        outl = []
        in_code = False; skip_h1 = True
        synopsis = ''
        for i, l in enumerate(lines):
            if l.startswith('```'): in_code = not in_code; outl.append(l); continue
            if not in_code:
                if l.startswith('# ') and skip_h1: skip_h1 = False; continue
                if l.startswith('#'):
                    # promote: headings under H2 rule; MS Learn uses ## / ### properly
                    pass
                if l.strip().startswith('<') : l = re.sub(r'<[^>]+>', '', l)
                if re.match(r'^\s*\[[^\]]+\]:\s*(?!https?://)', l): continue
                l = re.sub(r'\[([^\]]+)\]\[[^\]]*\]', r'\1', l)
                l = fix_links(l)
                l = re.sub(r'^:::.*$', '', l)
            outl.append(l)
        body = fix_links('\n'.join(outl))
        if not summary:
            mm = re.search(r'## (?:SYNOPSIS|Short description)[ \t]*\n\s*(.+?)\n\s*\n', body, re.S)
            summary = mm.group(1).replace('\n', ' ').strip() if mm else title
        summary = summary.strip('"\'')
        module = parts[0]
        category = slug(module.replace('Microsoft.PowerShell.', '').replace('Microsoft.', ''))
        if len(parts) > 2: category += '-' + slug(parts[1])
        modules.setdefault(category, module)
        date = fields.get('ms.date', '01/01/2025')
        mo, d, y = date.split('/')
        reviewed = f"{y}-{int(mo):02d}-{int(d):02d}"
        if reviewed > "2026-11-01": reviewed = "2026-11-01"
        art = slug(os.path.splitext(name)[0])
        os.makedirs(f"{out}/articles/{category}", exist_ok=True)
        q = lambda s: '"' + s.replace('\\', '\\\\').replace('"', '\\"') + '"'
        with open(f"{out}/articles/{category}/{art}.md", 'w') as f:
            f.write(f"---\ntitle: {q(title)}\nsummary: {q(summary)}\ntype: reference\napplies_to: [powershell]\nreviewed: {reviewed}\n---\n\n{body.strip()}\n")
        count += 1
for category, module in modules.items():
    with open(f"{out}/articles/{category}/_index.md", 'w') as f:
        f.write(f"---\ntitle: \"{module} ({category})\"\nsummary: \"{module}\"\n---\n")
with open(f"{out}/site.toml", 'w') as f:
    f.write('title = "PowerShell reference"\nbase_url = "https://example.com/ps/"\nlanguage = "en"\n\n[products.powershell]\nname = "PowerShell"\n\n[types.reference]\nname = "Reference"\nrequired_sections = []\n\n[audiences.everyone]\nname = "Everyone"\n')
print(count, "articles")
