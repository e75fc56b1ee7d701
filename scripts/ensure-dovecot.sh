#!/usr/bin/env bash
# Make sure a Dovecot 2.3 with imapd is installed, for the test suite's real IMAP server.
#
# Idempotent. On Debian (12) it installs the `dovecot-imapd` package with apt-get when
# `dovecot` or its imap binary is missing. The package's system service is never left
# running: service starts are blocked during the install (policy-rc.d), and a system
# dovecot that the install started anyway is stopped. The tests start their own Dovecot
# (own config, own port, own base_dir) and never use the system one.
#
# Prints exactly one line saying what it did. Exits non-zero when Dovecot cannot be had.
set -euo pipefail
export PATH="$PATH:/usr/local/sbin:/usr/sbin:/sbin"  # Debian keeps dovecot in /usr/sbin

IMAP_BINARIES=(/usr/lib/dovecot/imap /usr/libexec/dovecot/imap)

have_dovecot() {
    command -v dovecot >/dev/null 2>&1 || return 1
    command -v doveadm >/dev/null 2>&1 || return 1
    local bin
    for bin in "${IMAP_BINARIES[@]}"; do
        [ -x "$bin" ] && return 0
    done
    return 1
}

dovecot_version() {
    dovecot --version 2>/dev/null | head -n 1 || echo unknown
}

if have_dovecot; then
    echo "ensure-dovecot: dovecot $(dovecot_version) with imapd already installed; nothing to do"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-dovecot: dovecot is missing and apt-get is not available; install Dovecot 2.3 (imapd) by hand" >&2
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo -n)
    else
        echo "ensure-dovecot: dovecot is missing and installing it needs root (no sudo found)" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
LOG="$(mktemp -t ensure-dovecot.XXXXXX.log)"

# Block service starts during the install unless a policy already exists (Docker images ship one).
POLICY=/usr/sbin/policy-rc.d
ADDED_POLICY=0
cleanup() {
    if [ "$ADDED_POLICY" -eq 1 ]; then
        "${SUDO[@]}" rm -f "$POLICY" || true
    fi
}
trap cleanup EXIT
if [ ! -e "$POLICY" ]; then
    printf '#!/bin/sh\n# temporary, written by scripts/ensure-dovecot.sh\nexit 101\n' \
        | "${SUDO[@]}" tee "$POLICY" >/dev/null
    "${SUDO[@]}" chmod 755 "$POLICY"
    ADDED_POLICY=1
fi

# A system dovecot that ran before we started is not ours to stop.
system_dovecot_running() {
    local pidfile=/run/dovecot/master.pid pid
    [ -r "$pidfile" ] || return 1
    pid="$(cat "$pidfile" 2>/dev/null || true)"
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null
}
WAS_RUNNING=0
system_dovecot_running && WAS_RUNNING=1

APT_INSTALL=("${SUDO[@]}" apt-get install -y -q --no-install-recommends
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold dovecot-imapd)

UPDATED=""
if ! "${APT_INSTALL[@]}" >"$LOG" 2>&1; then
    # A fresh machine has no package lists yet (or stale ones): update once, then retry.
    if ! "${SUDO[@]}" apt-get update -q >>"$LOG" 2>&1 || ! "${APT_INSTALL[@]}" >>"$LOG" 2>&1; then
        echo "ensure-dovecot: installing dovecot-imapd failed; last lines of $LOG:" >&2
        tail -n 20 "$LOG" >&2
        exit 1
    fi
    UPDATED=" (after apt-get update)"
fi

STOPPED=""
if [ "$WAS_RUNNING" -eq 0 ] && system_dovecot_running; then
    # The install started the system service anyway (no policy honoured): stop that one master.
    "${SUDO[@]}" dovecot -c /etc/dovecot/dovecot.conf stop >>"$LOG" 2>&1 \
        || kill "$(cat /run/dovecot/master.pid)" 2>/dev/null || true
    STOPPED="; stopped the system dovecot service the install had started"
fi

if ! have_dovecot; then
    echo "ensure-dovecot: dovecot-imapd installed but dovecot/doveadm/imap not found; see $LOG" >&2
    exit 1
fi

rm -f "$LOG"
echo "ensure-dovecot: installed dovecot-imapd $(dovecot_version) from Debian packages${UPDATED}${STOPPED}"
