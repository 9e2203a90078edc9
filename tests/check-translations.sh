#!/bin/sh
# Checks that every user-visible string can be translated and that zh_CN is complete:
# po/POTFILES.in lists each file with translatable strings (and only existing files),
# and po/zh_CN.po has no untranslated or fuzzy message and passes msgfmt --check.
set -eu
top=${1:-$(dirname "$0")/..}
cd "$top"
status=0

for f in $(grep -v '^#' po/POTFILES.in); do
  [ -f "$f" ] || { echo "po/POTFILES.in lists $f, which does not exist"; status=1; }
done

for f in $(grep -lE '(^|[^A-Za-z_])(N?_|C_|NC_|ngettext|g_dngettext)[[:space:]]*\(' $(find src -name "*.c" | sort)) \
         $(grep -l 'translatable="yes"' ui/*.ui ui/gtk/*.ui); do
  grep -qx "$f" po/POTFILES.in || { echo "$f has translatable strings but is not in po/POTFILES.in"; status=1; }
done

stats=$(LC_ALL=C msgfmt --check --statistics -o /dev/null po/zh_CN.po 2>&1) || { echo "$stats"; status=1; }
case "$stats" in
  *untranslated*|*fuzzy*) echo "po/zh_CN.po is incomplete: $stats"; status=1 ;;
esac

# Messages in the sources that zh_CN.po does not have yet.
pot=$(mktemp)
trap 'rm -f "$pot"' EXIT
xgettext --from-code=UTF-8 --add-comments=Translators --keyword=_ --keyword=N_ \
  --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=ngettext:1,2 --keyword=g_dngettext:2,3 \
  --files-from=po/POTFILES.in -o "$pot" 2>/dev/null
missing=$(msgcmp --use-untranslated po/zh_CN.po "$pot" 2>&1) || { echo "po/zh_CN.po lacks messages:"; echo "$missing" | head -20; status=1; }

[ $status -eq 0 ] && echo "translations complete: $stats"
exit $status
