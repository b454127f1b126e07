# Top-level Makefile for marstriage. Run ./configure first (autoconf makes it from
# configure.ac); targets: all, check, install, uninstall, demo, bench, clean.
-include config.mk

PREFIX ?= $(prefix)
ifneq ($(PREFIX),)
prefix := $(PREFIX)
bindir := $(PREFIX)/bin
datadir := $(PREFIX)/share
mandir := $(PREFIX)/share/man
endif

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 $(WERROR)
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -pthread $(WARN) $(CFLAGS) $(SAN_FLAGS) \
	-DMT_VERSION='"$(VERSION)"' -DMT_DATADIR='"$(datadir)"' -DHAVE_MEMMEM=$(HAVE_MEMMEM) \
	-Isrc $(LIB_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS) -pthread

LIB_SRCS = $(filter-out src/main.c,$(wildcard src/*.c))
LIB_OBJS = $(LIB_SRCS:.c=.o) $(COMPAT_OBJS)
HDRS = $(wildcard src/*.h)
TEST_SRCS = $(wildcard tests/test_*.c)
TEST_OBJS = $(TEST_SRCS:.c=.o)
MANS = man/marstriage.1 man/marstriage-rules.5 man/marstriage-records.7

all: marstriage

config.mk:
	@echo "Run ./configure first (autoconf && ./configure)." >&2; exit 1

src/%.o: src/%.c $(HDRS) config.mk
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

compat/%.o: compat/%.c config.mk
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

libmarstriage.a: $(LIB_OBJS)
	rm -f $@
	ar rcs $@ $(LIB_OBJS)

marstriage: src/main.o libmarstriage.a
	$(CC) $(ALL_LDFLAGS) -o $@ src/main.o libmarstriage.a $(LIB_LIBS)

tests/%.o: tests/%.c $(HDRS) config.mk
	$(CC) $(ALL_CFLAGS) $(CRITERION_CFLAGS) -c -o $@ $<

tests/unit: $(TEST_OBJS) libmarstriage.a
	$(CC) $(ALL_LDFLAGS) -o $@ $(TEST_OBJS) libmarstriage.a $(LIB_LIBS) $(CRITERION_LIBS)

check: marstriage tests/unit tests/hostile/gen
	./tests/unit --jobs 2
	./marstriage -q -r rules --test-rules
	./marstriage -r rules --lint-rules
	sh tests/golden.sh
	sh tests/cli.sh
	sh tests/batch.sh
	sh tests/manlint.sh $(MANS)
	sh tests/browser.sh
	sh tests/hostile.sh
	@echo "make check: all passed"

# The hostile corpus generator; built without sanitizers, it only writes test input.
tests/hostile/gen: tests/hostile/gen.c config.mk
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(LIB_CFLAGS) $(LDFLAGS) \
		-o $@ tests/hostile/gen.c $(LIB_LIBS)

# libFuzzer harnesses (clang): FUZZ_SECONDS per target, default 60.
fuzz:
	sh tests/fuzz.sh

valgrind: marstriage tests/hostile/gen
	sh tests/valgrind.sh

strace-check: marstriage tests/hostile/gen
	sh tests/strace.sh

demo: marstriage
	sh tests/demo.sh

# The benchmark scripts `make bench` runs, one after the other.
BENCH_SCRIPTS = tests/bench_batch.sh tests/bench_large.sh

tests/gen/genbundle: tests/gen/genbundle.c config.mk
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/gen/genbundle.c $(LIB_LIBS)

tests/gen/timerun: tests/gen/timerun.c config.mk
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ tests/gen/timerun.c

bench: marstriage tests/gen/genbundle tests/gen/timerun
	@for s in $(BENCH_SCRIPTS); do echo "== $$s"; sh $$s || exit 1; done

install: marstriage
	mkdir -p $(DESTDIR)$(bindir) $(DESTDIR)$(mandir)/man1 $(DESTDIR)$(mandir)/man5 \
		$(DESTDIR)$(mandir)/man7 $(DESTDIR)$(datadir)/marstriage/rules
	cp marstriage $(DESTDIR)$(bindir)/marstriage
	cp man/marstriage.1 $(DESTDIR)$(mandir)/man1/
	cp man/marstriage-rules.5 $(DESTDIR)$(mandir)/man5/
	cp man/marstriage-records.7 $(DESTDIR)$(mandir)/man7/
	cp rules/*.yaml $(DESTDIR)$(datadir)/marstriage/rules/

uninstall:
	rm -f $(DESTDIR)$(bindir)/marstriage $(DESTDIR)$(mandir)/man1/marstriage.1 \
		$(DESTDIR)$(mandir)/man5/marstriage-rules.5 \
		$(DESTDIR)$(mandir)/man7/marstriage-records.7
	rm -rf $(DESTDIR)$(datadir)/marstriage

clean:
	rm -f src/*.o compat/*.o tests/*.o libmarstriage.a marstriage tests/unit
	rm -f tests/gen/genbundle tests/gen/timerun tests/hostile/gen
	rm -rf tests/fuzz/build
	rm -rf tests/tmp

distclean: clean
	rm -f config.mk config.log config.status configure
	rm -rf autom4te.cache

.PHONY: all check demo bench install uninstall clean distclean fuzz valgrind strace-check
