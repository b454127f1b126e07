/* marstriage command line: options, the per-bundle loop, output files and exit status. */
#include <stdio.h>

int
main(void)
{
	puts("marstriage " MT_VERSION);
	return 0;
}
