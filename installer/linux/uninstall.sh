#!/bin/sh
# Remove NMT Desktop from ~/.local (or $PREFIX). The charts in the data folder
# (~/.local/share/NMT Desktop) and their backups stay where they are.
set -eu

PREFIX=${PREFIX:-"$HOME/.local"}
APP_DIR="$PREFIX/lib/nmt-desktop"

rm -f "$PREFIX/share/applications/nmt-desktop.desktop"
for icon in "$PREFIX"/share/icons/hicolor/*/apps/nmt-desktop.png \
            "$PREFIX"/share/icons/hicolor/scalable/apps/nmt-desktop.svg; do
    rm -f "$icon"
done
if [ -L "$PREFIX/bin/nmt-desktop" ]; then
    rm -f "$PREFIX/bin/nmt-desktop"
fi
rm -rf "$APP_DIR"

if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$PREFIX/share/applications" >/dev/null 2>&1 || true
fi
echo "NMT Desktop was removed. Your charts are still in ~/.local/share/NMT Desktop"
