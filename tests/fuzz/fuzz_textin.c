/* Fuzz target: the text decoder. The first bytes choose the line limit, how the source cuts
 * its reads and whether it fails part way; the rest is the entry. Oracles: lines are valid
 * UTF-8 without NUL or line ends and within the limit, the decoded stream is valid UTF-8,
 * every byte is consumed, and the one-buffer converters give valid UTF-8 too. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "oracle.h"
#include "textin.h"

#define HDR 4

struct src {
	const uint8_t *p;
	size_t n, pos;
	const uint8_t *cuts;	/* read sizes, cycled */
	size_t ci;
	size_t fail_at;		/* a read at or after this offset fails; SIZE_MAX for never */
};

static ssize_t
src_read(void *ctx, void *buf, size_t n)
{
	struct src *s = ctx;
	size_t k = (size_t)s->cuts[s->ci++ % 3] * 37 + 1;

	if (s->pos >= s->fail_at)
		return -1;
	if (k > n)
		k = n;
	if (k > s->n - s->pos)
		k = s->n - s->pos;
	memcpy(buf, s->p + s->pos, k);
	s->pos += k;
	return (ssize_t)k;
}

static const char *
src_msg(void *ctx)
{
	(void)ctx;
	return "injected read error";
}

static void
one_pass(const uint8_t *data, size_t size, int by_lines)
{
	struct src s = {data + HDR, size - HDR, 0, data + 1, 0, SIZE_MAX};
	struct byte_source bs = {src_read, src_msg, &s};
	size_t max_line = 256 + (size_t)data[0] * 64, len, total = 0;
	struct textin *t;
	const char *line, *head;
	struct strbuf all = STRBUF_INIT;
	char buf[333];
	long r;
	int rc;

	if (data[0] & 1)
		s.fail_at = (size_t)data[3] * 97;
	t = textin_open(bs, max_line);
	head = textin_head(t, &len);
	if (strlen(head) != len || len > TEXTIN_HEAD_MAX || !oracle_utf8(head, len))
		oracle_fail("the head is not NUL-free UTF-8 within its bound");
	if (by_lines) {
		while ((rc = textin_getline(t, &line, &len)) == 1) {
			if (strlen(line) != len || len > max_line || !oracle_utf8(line, len) ||
			    memchr(line, '\n', len) || memchr(line, '\r', len))
				oracle_fail("a line is not NUL-free UTF-8 within the limit");
			total += len;
		}
	} else {
		while ((r = textin_read(t, buf, (size_t)data[2] % sizeof buf + 1)) > 0)
			sb_add(&all, buf, (size_t)r);
		rc = r < 0 ? -1 : 0;
		if (memchr(sb_str(&all), '\0', all.len) || !oracle_utf8(sb_str(&all), all.len))
			oracle_fail("the decoded stream is not NUL-free UTF-8");
	}
	if (rc == 0 && s.fail_at == SIZE_MAX && textin_bytes_in(t) != size - HDR)
		oracle_fail("not every byte was consumed");
	if (rc < 0 && s.fail_at == SIZE_MAX)
		oracle_fail("a read error without one");
	(void)total;
	sb_free(&all);
	textin_close(t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf sb = STRBUF_INIT;

	if (size < HDR)
		return 0;
	one_pass(data, size, 1);
	one_pass(data, size, 0);
	utf16_to_utf8(data, size, data[0] & 1, &sb);
	if (strlen(sb_str(&sb)) != sb.len || !oracle_utf8(sb_str(&sb), sb.len))
		oracle_fail("utf16_to_utf8 gave invalid UTF-8 or a NUL");
	sb_reset(&sb);
	utf8_sanitise((const char *)data, size, &sb);
	if (strlen(sb_str(&sb)) != sb.len || !oracle_utf8(sb_str(&sb), sb.len))
		oracle_fail("utf8_sanitise gave invalid UTF-8 or a NUL");
	sb_free(&sb);
	return 0;
}
