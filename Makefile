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
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(CFLAGS) $(SAN_FLAGS) \
	-DMT_VERSION='"$(VERSION)"' -DMT_DATADIR='"$(datadir)"' -DHAVE_MEMMEM=$(HAVE_MEMMEM) \
	-Isrc $(LIB_CFLAGS)
ALL_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS)

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

check: marstriage tests/unit
	./tests/unit --jobs 2
	sh tests/golden.sh
	sh tests/cli.sh
	sh tests/manlint.sh $(MANS)
	@echo "make check: all passed"

demo: marstriage
	sh tests/demo.sh

bench: marstriage
	sh tests/bench.sh

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
	rm -rf tests/tmp

distclean: clean
	rm -f config.mk config.log config.status configure
	rm -rf autom4te.cache

.PHONY: all check demo bench install uninstall clean distclean
