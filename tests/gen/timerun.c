/* Runs one shell command and prints its wall time in seconds, the peak resident memory of its
 * largest process in KiB and the CPU seconds (user + system) of all its processes
 * ("0.812 7340 0.790"), for the benchmarks; the command's own exit status is returned so a
 * failure is not timed as a success. */
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	pid_t pid;
	int st;
	long kib;

	if (argc != 2) {
		fputs("usage: timerun 'COMMAND'\n", stderr);
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) < 0) {
		perror("timerun: fork");
		return 2;
	}
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", argv[1], (char *)NULL);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR) {
			perror("timerun: waitpid");
			return 2;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (getrusage(RUSAGE_CHILDREN, &ru) != 0) {
		perror("timerun: getrusage");
		return 2;
	}
#ifdef __APPLE__
	kib = (long)(ru.ru_maxrss / 1024);	/* bytes there, KiB elsewhere */
#else
	kib = (long)ru.ru_maxrss;
#endif
	printf("%.3f %ld %.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, kib,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}
