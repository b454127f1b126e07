/* A small streaming JSON reader, for reading back our own JSON reports (--merge-index):
 * values are pulled one at a time from a FILE, so memory does not grow with the file. Any
 * input is safe: depth, string length and number length are bounded, and a syntax error
 * makes every later call fail. */
#ifndef MT_JSON_READ_H
#define MT_JSON_READ_H

#include <stdint.h>
#include <stdio.h>
#include "util.h"

#define JR_MAX_DEPTH 64
#define JR_STRING_MAX (64 * 1024)	/* longer strings are cut (at a character boundary) */

enum jr_type { JR_ERROR, JR_OBJECT, JR_ARRAY, JR_STRING, JR_NUMBER, JR_BOOL, JR_NULL };

struct json_reader {
	FILE *fp;
	int depth;
	unsigned char first[JR_MAX_DEPTH];	/* no member read yet at this depth */
	unsigned char in_object[JR_MAX_DEPTH];
	int error;
};

void jr_init(struct json_reader *r, FILE *fp);
/* The type of the next value, without consuming it. */
enum jr_type jr_peek(struct json_reader *r);
/* Consumes the '{' or '[' of the next value. Returns 0, or -1 if it is not a container. */
int jr_enter(struct json_reader *r);
/* Moves to the next member of the innermost container: returns 1 with the member's key in
 * key (objects; key may be NULL to ignore it), 0 after consuming the closing bracket, -1 on
 * error. The member's value must be read or skipped before the next call. */
int jr_next(struct json_reader *r, struct strbuf *key);
/* Reads a string value into out (replacing its contents): returns 1; returns 0 for null or
 * any other value, which is skipped, with out emptied; -1 on error. */
int jr_string(struct json_reader *r, struct strbuf *out);
/* Reads an integer value: returns 1 and sets *v; 0 for any other value (skipped); -1. */
int jr_int(struct json_reader *r, int64_t *v);
/* Skips the next value, whatever it is. Returns 0 or -1. */
int jr_skip(struct json_reader *r);
/* 1 once a syntax error (or a read error) was met. */
int jr_failed(const struct json_reader *r);

#endif
