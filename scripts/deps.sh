#!/bin/sh
# Install the Debian packages given as arguments, only those missing.
# Waits (up to 10 minutes) while another apt/dpkg holds the lock.
set -eu
missing=""
for p in "$@"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
try=0
until $SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq &&
      $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
          --no-install-recommends $missing; do
	try=$((try + 1))
	[ "$try" -ge 5 ] && { echo "deps: apt-get failed" >&2; exit 1; }
	echo "deps: apt busy or failed, retrying ($try)" >&2
	sleep 10
done
