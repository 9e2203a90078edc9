#!/usr/bin/env python3
"""Checks the layers of src/: every project include names its layer ("core/members/co-member.h"),
core includes neither GTK nor anything of the app or the command line, the command line includes
no GTK and nothing of the app, a core folder includes only the folders below it in CORE_ORDER, an
app place includes only the core and gui/widgets (gui/window holds the places and takes the
command line's table of options), and no module (a
.c with its .h) includes itself through others. Prints the longest chain of includes between
modules. Each folder's README.md says the same in words.

Usage: check-layers.py SOURCE_ROOT [--verbose]"""
import collections
import os
import re
import sys

root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
verbose = '--verbose' in sys.argv
src = os.path.join(root, 'src')
GTK = re.compile(r'#\s*include\s*<(gtk/|gdk/|adwaita\.h|gtk\.h)')
LOCAL = re.compile(r'#\s*include\s*"([^"]+)"')
problems = []

# The core's folders, lowest first: each may include those before it. A new folder, or a new
# arrow between two, is a decision: it is made here.
CORE_ORDER = ['formats', 'store', 'records', 'members', 'groups', 'team', 'sop', 'library', 'plan', 'reports', 'chat', 'today',
              'exchange', 'sync', 'document', 'sample']


def allowed(source, target):
    """Whether a file in the folder @source (as "core/plan") may include one in @target."""
    if source == target:
        return True
    layer, place = (source.split('/') + [''])[:2]
    target_layer, target_place = (target.split('/') + [''])[:2]
    if layer == 'core':
        return (target_layer == 'core' and place in CORE_ORDER and target_place in CORE_ORDER and
                CORE_ORDER.index(target_place) < CORE_ORDER.index(place))
    if layer == 'cli':
        return target_layer in ('core', 'cli')
    if layer == 'gui':
        # The window's own parser takes the command line's table, so that one list of options
        # serves both (cli/co-cli.h); the command line never includes the app.
        if target_layer == 'core' or (place == 'window' and target_layer == 'cli'):
            return True
        return target_layer == 'gui' and (place == 'window' or target_place == 'widgets') and place != 'widgets'
    return True  # main.c

files = {}
for folder, _, names in os.walk(src):
    for name in names:
        if name.endswith(('.c', '.h')):
            path = os.path.relpath(os.path.join(folder, name), src)
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                files[path] = f.read()


def module(path):
    stem = path[:-2]
    return stem[:-len('-private')] if stem.endswith('-private') else stem


edges = collections.defaultdict(set)
for path, text in sorted(files.items()):
    layer = path.split('/')[0]
    for number, line in enumerate(text.split('\n'), 1):
        where = 'src/%s:%d' % (path, number)
        if GTK.search(line) and layer in ('core', 'cli'):
            problems.append('%s: the %s may not include GTK: %s' % (where, layer, line.strip()))
        match = LOCAL.search(line)
        if not match:
            continue
        included = match.group(1)
        if included == 'config.h':
            continue
        if included not in files:
            problems.append('%s: "%s" does not name a file under src/ by its layer' % (where, included))
            continue
        target = included.split('/')[0]
        if layer == 'core' and target != 'core':
            problems.append('%s: the core may include only the core, not "%s"' % (where, included))
        elif layer == 'cli' and target == 'gui':
            problems.append('%s: the command line may not include the app: "%s"' % (where, included))
        elif not allowed(os.path.dirname(path), os.path.dirname(included)):
            problems.append('%s: %s may not include %s ("%s"): see CORE_ORDER and the folder\'s README.md'
                            % (where, os.path.dirname(path), os.path.dirname(included), included))
        if module(included) != module(path):
            edges[module(path)].add(module(included))


def cycles(graph):
    """The strongly connected components with more than one member (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


sys.setrecursionlimit(10000)
for component in cycles(edges):
    problems.append('these modules include each other: ' + ', '.join(component))

folders = collections.defaultdict(set)
for a, targets in edges.items():
    for b in targets:
        fa, fb = os.path.dirname(a), os.path.dirname(b)
        if fa.startswith('core/') and fb.startswith('core/') and fa != fb:
            folders[fa].add(fb)
for component in cycles(folders):
    problems.append('these core folders include each other: ' + ', '.join(component))

levels = {}


def level(v):
    if v not in levels:
        levels[v] = 0  # a cycle, already reported, ends the chain here
        levels[v] = 1 + max((level(w) for w in edges.get(v, ())), default=0)
    return levels[v]


deepest = max((level(v) for v in {module(p) for p in files}), default=0)
if verbose:
    for folder in sorted(folders):
        print('%s -> %s' % (folder, ', '.join(sorted(folders[folder]))))
for problem in problems:
    print(problem)
print('%d modules, %d levels of includes, %d problems' % (len({module(p) for p in files}), deepest, len(problems)))
sys.exit(1 if problems else 0)
