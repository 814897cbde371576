# Thin wrapper around meson.  `make check` and `make demo` are the two
# set-up commands of the README: they install what is missing, build, and
# run.  Everything else is plain meson/ninja in build directories.

PREFIX ?= /usr/local
DESTDIR ?=
BUILD ?= build
MESON_OPTS ?=

DEB_PACKAGES = meson ninja-build pkg-config gcc clang libclang-rt-14-dev \
	nettle-dev libjansson-dev libexpat1-dev libkeyutils-dev keyutils \
	libcmocka-dev libcurl4-openssl-dev libsecret-1-dev libmicrohttpd-dev \
	pass gnupg gnome-keyring libsecret-tools dbus-x11 dbus-daemon \
	age libglib2.0-bin oathtool hyperfine time strace ltrace util-linux iproute2 binutils \
	ca-certificates curl

.PHONY: all build deps check check-asan demo install bench fuzz clean

all: build

$(BUILD)/build.ninja:
	meson setup $(BUILD) -Dtest_hooks=true $(MESON_OPTS)

build: $(BUILD)/build.ninja
	ninja -C $(BUILD)

# Idempotent: installs only what is missing; waits while another apt or
# dpkg holds the lock.
deps:
	@./scripts/deps.sh $(DEB_PACKAGES)

check: deps
	$(MAKE) build
	meson test -C $(BUILD) --print-errorlogs --num-processes 2

# The unit and integration suites again, built with ASan and UBSan.
check-asan: deps
	$(MAKE) build BUILD=build-asan \
		MESON_OPTS="-Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug"
	ASAN_OPTIONS=detect_leaks=1 meson test -C build-asan \
		--print-errorlogs --num-processes 2 --suite unit --suite integration --suite fuzz

demo: deps
	$(MAKE) build
	./scripts/demo.sh $(BUILD)/aws-vault

install: deps
	meson setup build-release --buildtype=release -Dtest_hooks=false \
		-Dtests=false --prefix=$(PREFIX) 2>/dev/null || \
		meson configure build-release --prefix=$(PREFIX)
	ninja -C build-release
	DESTDIR=$(DESTDIR) meson install -C build-release --no-rebuild

bench: deps
	$(MAKE) build
	./bench/run.sh $(BUILD)/aws-vault

fuzz: deps
	CC=clang meson setup build-fuzz -Dfuzz=true -Db_sanitize=address,undefined \
		-Db_lundef=false -Dtest_hooks=true 2>/dev/null || true
	ninja -C build-fuzz
	./fuzz/run.sh build-fuzz

clean:
	rm -rf build build-asan build-release build-fuzz
