#!/usr/bin/env python3
"""Prints which top-level modules of the core (src/) name which others (`crate::X`),
and any circle between them. Exits 1 on a circle, when a reader (src/import/) names
the estimator, or when a module names one its row of the table below does not allow
(the table of docs/architecture.md, "Who may call whom": keep the two the same).
Run: python3 scripts/layers.py   (docs/architecture.md explains the rules)."""
import os, re, sys
from collections import defaultdict

# docs/architecture.md, "Who may call whom"
MAY_USE = {
    'options':    {'estimate', 'plan', 'catalog', 'values', 'error'},
    'evaluation': {'plan', 'report', 'estimate', 'import', 'line', 'catalog', 'progress', 'values', 'error'},
    'plan':       {'estimate', 'import', 'line', 'catalog', 'progress', 'values', 'error'},
    'report':     {'estimate', 'line', 'values', 'error'},
    'estimate':   {'import', 'line', 'catalog', 'values', 'error'},
    'import':     {'line', 'catalog', 'values', 'error'},
    'line':       {'values', 'error'},
    'catalog':    {'values', 'error'},
    'progress':   {'values', 'error'},
    'values':     {'error'},
    'error':      set(),
}

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'src')
deps = defaultdict(set)
examples = {}
estimator_named = []
for dirpath, _, files in os.walk(root):
    for f in files:
        if not f.endswith('.rs'):
            continue
        path = os.path.join(dirpath, f)
        rel = os.path.relpath(path, root)
        top = rel.split(os.sep)[0].removesuffix('.rs')
        if top == 'lib':
            continue
        text = open(path, encoding='utf-8').read()
        # test modules may use anything: cut from the first `#[cfg(test)]` module on
        code = re.split(r'#\[cfg\((?:all\()?test[^\]]*\]\s*mod ', text)[0]
        code = re.sub(r'//[^\n]*', '', code)
        for m in re.finditer(r'\bcrate::(?:\{([^}]*)\}|(\w+))', code):
            names = [n.strip().split('::')[0].split(' ')[0] for n in (m.group(1) or m.group(2)).split(',')]
            for name in names:
                if name and name != top and os.path.exists(os.path.join(root, name)) or os.path.exists(os.path.join(root, name + '.rs')):
                    if name != top:
                        deps[top].add(name)
                        examples.setdefault((top, name), rel)
        if top == 'import' and re.search(r'\bEstimator\b|crate::estimate\b', code):
            estimator_named.append(rel)

for top in sorted(deps):
    print(f'{top:10} -> {", ".join(sorted(deps[top]))}')

# circles: depth-first search for a back edge
circles, state = [], {}
def visit(n, stack):
    state[n] = 1
    for m in sorted(deps.get(n, ())):
        if state.get(m) == 1:
            cyc = stack[stack.index(m):] + [m]
            circles.append(' -> '.join(cyc) + '   (e.g. ' + '; '.join(f'{a}->{b} in src/{examples[(a, b)]}' for a, b in zip(cyc, cyc[1:])) + ')')
        elif m not in state:
            visit(m, stack + [m])
    state[n] = 2
for n in sorted(deps):
    if n not in state:
        visit(n, [n])
ok = True
for c in circles:
    print('circle:', c); ok = False
for top in sorted(deps):
    if top not in MAY_USE:
        print(f'src/{top} is not in the table of who may call whom (scripts/layers.py MAY_USE, docs/architecture.md)'); ok = False
        continue
    for name in sorted(deps[top] - MAY_USE[top]):
        print(f'{top} may not use {name} (e.g. src/{examples[(top, name)]}; the table in docs/architecture.md)'); ok = False
for r in estimator_named:
    print(f'a reader names the estimator: src/{r}'); ok = False
print('no circle between top-level modules; each uses only what the table allows; no reader names the estimator' if ok else 'FAILED')
sys.exit(0 if ok else 1)
