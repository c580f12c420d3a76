#!/bin/sh
# Install NMT Desktop for the current user, from the unpacked archive. No administrator rights:
# everything goes under ~/.local (or $PREFIX). Run it again to update; the charts in the data
# folder (~/.local/share/NMT Desktop) are never touched.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=${PREFIX:-"$HOME/.local"}
APP_DIR="$PREFIX/lib/nmt-desktop"
BIN_DIR="$PREFIX/bin"
SHARE_DIR="$PREFIX/share"

if [ ! -x "$HERE/nmt-desktop/nmt-desktop" ]; then
    echo "install.sh: error: run me from the unpacked nmt-desktop archive" >&2
    exit 1
fi

# Copy beside the old version first, then swap, so a failed copy leaves the old one working.
mkdir -p "$PREFIX/lib" "$BIN_DIR" "$SHARE_DIR/applications" "$SHARE_DIR/icons/hicolor"
rm -rf "$APP_DIR.new"
cp -R "$HERE/nmt-desktop" "$APP_DIR.new"
cp "$HERE/uninstall.sh" "$APP_DIR.new/uninstall.sh"
rm -rf "$APP_DIR"
mv "$APP_DIR.new" "$APP_DIR"
ln -sf "$APP_DIR/nmt-desktop" "$BIN_DIR/nmt-desktop"

cp -R "$HERE/share/icons/hicolor/." "$SHARE_DIR/icons/hicolor/"
# The launcher must find the program without relying on ~/.local/bin being on PATH.
escaped=$(printf '%s' "$APP_DIR/nmt-desktop" | sed 's/[\\&|]/\\&/g')
sed -e "s|^Exec=.*|Exec=\"$escaped\"|" -e "s|^TryExec=.*|TryExec=$escaped|" \
    "$HERE/share/applications/nmt-desktop.desktop" \
    > "$SHARE_DIR/applications/nmt-desktop.desktop"

# Refresh the menu and icon caches where the desktop has them; harmless where it does not.
if command -v update-desktop-database >/dev/null 2>&1; then
    update-desktop-database "$SHARE_DIR/applications" >/dev/null 2>&1 || true
fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
    gtk-update-icon-cache -f -t "$SHARE_DIR/icons/hicolor" >/dev/null 2>&1 || true
fi

echo "NMT Desktop is installed: find it in the applications menu, or run $BIN_DIR/nmt-desktop"
echo "Check this laptop with: $BIN_DIR/nmt-desktop --self-test"
echo "Remove it with: $APP_DIR/uninstall.sh (your charts are kept)"
