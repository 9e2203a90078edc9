#!/usr/bin/python3
# atspi-count.py: what a screen reader finds in the window, place by place. A measuring tool,
# not part of the test suite (the suite's tests/gui/test-accessibility.c checks the same through
# GTK's test API).
#
# Starts its own Xvfb and session bus, runs the app with GTK_A11Y=atspi on a fresh sample
# workspace, and for each place (a group's Overview, Plan and Members; Today, Daily Figures,
# Reports, Team, All Members) clicks its tab or sidebar row, walks the AT-SPI tree of the window
# and counts the interactive nodes on screen (non-empty extents) with no accessible name. GTK 4.8
# names a node it has no label for by its type ("GtkImage", "GtkMenuButton"), so such names count
# as none. It also counts the names that read their words twice ("_Import… Import…") and then
# presses Tab from the place's sidebar row until focus comes back, counting the Tab stops that
# expose no focused accessible.
#
#   tests/a11y/atspi-count.py [--display :74] [--lang en_US] [--list] [BUILD_DIR]
#
# --list prints each unnamed node with its path and each place's Tab stops. The places are found
# by their English labels and the window by its English title: --lang is for en_US variants only. Needs Debian's at-spi2-core, python3-pyatspi,
# xvfb, xdotool and dbus (dbus-run-session); run it with Debian's /usr/bin/python3.
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

INTERACTIVE = {
    'push button', 'toggle button', 'check box', 'radio button', 'combo box', 'menu button',
    'entry', 'text', 'password text', 'spin button', 'slider', 'list item', 'table row',
    'link', 'page tab', 'switch', 'menu item', 'tree item',
}
PLACES = [
    ('Overview', 'page tab'),
    ('Plan', 'page tab'),
    ('Members', 'page tab'),
    ('Today', 'list item'),
    ('Daily Figures', 'list item'),
    ('Reports', 'list item'),
    ('Team', 'list item'),
    ('All Members', 'list item'),
]
TYPE_NAME = re.compile(r'^(Gtk|Adw|Co)[A-Z][A-Za-z]*$')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument('--display', default=':74')
    parser.add_argument('--lang', default='en_US')
    parser.add_argument('--list', action='store_true', help='print every unnamed node')
    parser.add_argument('--no-tab', action='store_true', help='skip the Tab walk')
    parser.add_argument('build', nargs='?', default='build')
    return parser.parse_args()


def main():
    args = parse_args()
    if 'ATSPI_COUNT_IN_SESSION' not in os.environ:
        # A session bus of our own: the app's AT-SPI bus and registry start on it.
        env = dict(os.environ, ATSPI_COUNT_IN_SESSION='1')
        os.execvpe('dbus-run-session', ['dbus-run-session', '--', sys.executable] + sys.argv, env)

    import pyatspi
    from gi.repository import GLib

    build = os.path.abspath(args.build)
    tmp = tempfile.mkdtemp(prefix='atspi-count-')
    database = os.path.join(tmp, 'sample.db')
    subprocess.run([os.path.join(build, 'src', 'community-ops'), '--database', database,
                    '--create-sample'], check=True, stdout=subprocess.DEVNULL)
    xvfb = subprocess.Popen(['Xvfb', args.display, '-screen', '0', '1280x800x24', '-nolisten',
                             'tcp'], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    env = dict(os.environ, DISPLAY=args.display, GDK_BACKEND='x11', GTK_A11Y='atspi',
               GSETTINGS_BACKEND='memory', GSETTINGS_SCHEMA_DIR=os.path.join(build, 'data'),
               COMMUNITY_OPS_LOCALEDIR=os.path.join(build, 'po'), LANG=args.lang + '.UTF-8',
               LANGUAGE=args.lang, XDG_DATA_HOME=tmp, XDG_CONFIG_HOME=tmp)
    time.sleep(1)
    os.environ['DISPLAY'] = args.display
    focus_events = []

    def on_focus(event):
        if event.detail1 == 1:
            focus_events.append(event.source)

    pyatspi.Registry.registerEventListener(on_focus, 'object:state-changed:focused')
    print(f'{"place":<14} {"unnamed":>8} {"interactive":>12} {"read twice":>11}'
          + ('' if args.no_tab else f' {"Tab stops":>10} {"no focus":>9}'), flush=True)
    try:
        # A new app for each place: GTK 4.8 keeps the extents of a page that was shown once,
        # so only a page never left is known to be on screen by its extents.
        for label, role in PLACES:
            app_process = subprocess.Popen([os.path.join(build, 'src', 'community-ops'),
                                            '--database', database], env=env,
                                           stderr=subprocess.DEVNULL)
            try:
                measure(args, pyatspi, GLib, label, role, focus_events)
            finally:
                app_process.terminate()
                app_process.wait()
    finally:
        xvfb.terminate()
        xvfb.wait()
        shutil.rmtree(tmp)


def pump(GLib, seconds):
    end = time.monotonic() + seconds
    context = GLib.MainContext.default()
    while time.monotonic() < end:
        if not context.iteration(False):
            time.sleep(0.01)


def extents(node, pyatspi):
    try:
        e = node.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
        return (e.x, e.y, e.width, e.height)
    except Exception:
        return (0, 0, 0, 0)


def is_unnamed(name):
    return not name.strip() or TYPE_NAME.match(name) is not None


def reads_twice(name):
    # "_Import Members… Import Members…": the button's label and its child label's.
    words = name.replace('_', '').split(' ')
    half = len(words) // 2
    return len(words) % 2 == 0 and half > 0 and words[:half] == words[half:]


def walk(node, pyatspi, path, found):
    try:
        role = node.getRoleName()
        name = node.name or ''
        children = list(node)
    except Exception:
        return
    here = path + [role + (':' + name if name and not is_unnamed(name) else '')]
    if role in INTERACTIVE:
        box = extents(node, pyatspi)
        if box[2] > 0 and box[3] > 0:
            found.append((role, name, ' / '.join(here[-4:]), box))
    for child in children:
        if child is not None:
            walk(child, pyatspi, here, found)


def find(node, role, label, pyatspi):
    """The node of @role that is named @label or has a label child reading @label, on screen."""
    try:
        if node.getRoleName() == role and extents(node, pyatspi)[2] > 0:
            if node.name == label or any(
                    c is not None and c.getRoleName() == 'label' and c.name == label
                    for c in descendants(node)):
                return node
        for child in node:
            if child is not None:
                hit = find(child, role, label, pyatspi)
                if hit is not None:
                    return hit
    except Exception:
        pass
    return None


def descendants(node):
    for child in node:
        if child is None:
            continue
        yield child
        yield from descendants(child)


def xdotool(*args):
    return subprocess.run(['xdotool'] + list(args), check=True, capture_output=True,
                          text=True).stdout


def measure(args, pyatspi, GLib, label, role, focus_events):
    app = None
    for _ in range(150):
        desktop = pyatspi.Registry.getDesktop(0)
        app = next((a for a in desktop if a is not None and a.name == 'community-ops'), None)
        if app is not None and app.childCount > 0:
            break
        time.sleep(0.2)
    else:
        sys.exit('atspi-count: the app did not show up on the AT-SPI bus')
    frame = app[0]
    window = xdotool('search', '--sync', '--onlyvisible', '--name', 'CommunityOps').split()[0]
    xdotool('windowfocus', '--sync', window)
    geometry = xdotool('getwindowgeometry', '--shell', window)
    origin = dict(line.split('=') for line in geometry.split())
    window_x, window_y = int(origin['X']), int(origin['Y'])
    pump(GLib, 1.0)

    target = find(frame, role, label, pyatspi)
    if target is None:
        print(f'{label:<14} not found', flush=True)
        return
    x, y, w, h = extents(target, pyatspi)
    xdotool('mousemove', str(window_x + x + w // 2), str(window_y + y + h // 2), 'click', '1')
    pump(GLib, 2.0)
    found = []
    walk(frame, pyatspi, [], found)
    unnamed = [f for f in found if is_unnamed(f[1])]
    twice = [f for f in found if reads_twice(f[1])]
    line = f'{label:<14} {len(unnamed):>8} {len(found):>12} {len(twice):>11}'
    stops = []
    if not args.no_tab:
        stops = tab_walk(pyatspi, GLib, focus_events)
        line += f' {len(stops):>10} {stops.count(None):>9}'
    print(line, flush=True)
    if args.list:
        for role_name, name, path, box in unnamed + twice:
            print(f'    {role_name:<13} {name!r:<24} {path}')
        print('    Tab: ' + ' | '.join('-' if s is None else f'{s[1]}:{s[2]}' for s in stops))


def tab_walk(pyatspi, GLib, focus_events, limit=80):
    """Presses Tab until focus is back where the first Tab put it; returns what each Tab stop
    focused (path, role, name), None for a stop that exposed no focused accessible."""
    def key(node):
        try:
            return (node.path, node.getRoleName(), node.name)
        except Exception:
            return None

    stops = []
    for _ in range(limit):
        del focus_events[:]
        xdotool('key', 'Tab')
        pump(GLib, 0.15)
        here = key(focus_events[-1]) if focus_events else None
        first = next((s for s in stops if s is not None), None)
        if here is not None and first is not None and here[0] == first[0]:
            break
        stops.append(here)
    return stops


if __name__ == '__main__':
    main()
