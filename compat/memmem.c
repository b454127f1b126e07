/* memmem() for systems whose libc lacks it (linked only when configure's probe fails). */
#include <stddef.h>
#include <string.h>

void *memmem(const void *hay, size_t hlen, const void *needle, size_t nlen);

void *
memmem(const void *hay, size_t hlen, const void *needle, size_t nlen)
{
	const unsigned char *h = hay;
	size_t i;

	if (nlen == 0)
		return (void *)hay;
	for (i = 0; nlen <= hlen && i <= hlen - nlen; i++)
		if (h[i] == *(const unsigned char *)needle && memcmp(h + i, needle, nlen) == 0)
			return (void *)(h + i);
	return NULL;
}
