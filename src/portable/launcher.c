/*
 * bin/graceful-init of the portable build: a static program (no libc of the image is needed)
 * that runs the bundled Node on the bundled glibc, wherever the directory was copied.
 *
 * The kernel reads an ELF interpreter path literally (no $ORIGIN), so Node cannot name the
 * bundled loader itself. This execs it instead:
 *
 *   DIR/lib/graceful-init DIR/lib/node NODE_FLAGS DIR/app/graceful-init.cjs ARGS...
 *
 * DIR is found from /proc/self/exe (argv[0] as a fallback), so the directory works at
 * /opt/graceful-init as well as in a Kubernetes emptyDir. lib/graceful-init is glibc's
 * ld-linux-*.so.2 renamed: the kernel names a process after the file it execs, so `comm`
 * and ps say graceful-init, and argv[0] is "graceful-init" with no loader option after it
 * (lib/node finds its libraries through its RUNPATH, $ORIGIN).
 *
 * The image's environment is for its app: LD_* would configure the loader (a musl
 * LD_PRELOAD crashes a glibc process), NODE_OPTIONS and NODE_* would configure the init's
 * Node. Each such variable is passed on renamed (SAVED_PREFIX + "NAME=value"); the init puts
 * it back, unchanged, into its own environment before it starts the child
 * (src/portable/image-environment.ts).
 *
 * It also lists the descriptors it inherited (3 and up) in FDS_VAR: they are exactly the ones
 * the child must get (see src/child/inherited-fds.ts). Once Node runs, its own descriptors sit
 * among them and the init has to tell them apart from /proc, ~1 ms of every start.
 *
 * The loader gets LD_PRELOAD=DIR/lib/graceful-init-preload.so (preload.c: koffi's addon loaded
 * on a second thread while Node boots), unless DIR holds a space, tab or colon, which separate
 * LD_PRELOAD's entries: the init then loads the addon itself, as it always can.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Keep in step with src/portable/image-environment.ts. */
#define SAVED_PREFIX "GRACEFUL_INIT_PORTABLE_SAVED_"
#define ROOT_VAR "GRACEFUL_INIT_PORTABLE_ROOT="
#define FDS_VAR "GRACEFUL_INIT_PORTABLE_FDS="
#define PRELOAD "/lib/graceful-init-preload.so"

/* Flags for the init's own Node (never the app's), from src/portable/build/lib/targets.ts (NODE_FLAGS). */
#ifndef NODE_FLAGS
#error "build with -DNODE_FLAGS='\"--flag\", ...' (src/portable/build/lib/launcher.ts)"
#endif
static const char *node_flags[] = {NODE_FLAGS};
#define N_NODE_FLAGS (sizeof node_flags / sizeof node_flags[0])

/* Variables read before the init's JavaScript runs, by the loader or by Node. */
static int is_moved(const char *entry) {
  static const char *prefixes[] = {"LD_", "NODE_", "UV_"};
  static const char *names[] = {"GLIBC_TUNABLES=", "OPENSSL_CONF=", "OPENSSL_MODULES=",
                                "SSL_CERT_FILE=", "SSL_CERT_DIR=", "MALLOC_ARENA_MAX=",
                                "MALLOC_CHECK_=", "MALLOC_PERTURB_="};
  for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
    if (strncmp(entry, prefixes[i], strlen(prefixes[i])) == 0) return 1;
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (strncmp(entry, names[i], strlen(names[i])) == 0) return 1;
  return 0;
}

static void die(const char *what, const char *path) {
  fprintf(stderr, "[graceful-init] portable launcher: %s %s: %s\n", what, path, strerror(errno));
  exit(127);
}

/* DIR, the parent of the directory holding this program. */
static char *find_root(const char *argv0) {
  static char self[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n > 0) {
    self[n] = '\0';
  } else if (strchr(argv0, '/') == NULL || realpath(argv0, self) == NULL) {
    die("cannot find its own directory (is /proc mounted?) from", argv0);
  }
  for (int up = 0; up < 2; up++) {
    char *slash = strrchr(self, '/');
    if (slash == NULL) die("unexpected path", self);
    *slash = '\0';
  }
  return self;
}

static char *join(const char *a, const char *b) {
  char *s = malloc(strlen(a) + strlen(b) + 1);
  if (s == NULL) die("out of memory for", b);
  return strcat(strcpy(s, a), b);
}

/* FDS_VAR with the open descriptors 3 and up ("FDS_VAR=3,5"), or NULL without /proc (the init
   then finds none, as it would itself). */
static char *inherited_fds(void) {
  DIR *dir = opendir("/proc/self/fd");
  if (dir == NULL) return NULL;
  size_t size = 64, used = strlen(FDS_VAR);
  char *list = malloc(size);
  if (list == NULL) die("out of memory for", FDS_VAR);
  strcpy(list, FDS_VAR);
  const char *comma = "";
  for (struct dirent *entry; (entry = readdir(dir)) != NULL;) {
    int fd = atoi(entry->d_name);
    if (fd < 3 || fd == dirfd(dir)) continue; /* also "." and ".." (atoi gives 0) */
    if (used + 16 > size && (list = realloc(list, size *= 2)) == NULL) die("out of memory for", FDS_VAR);
    used += (size_t)sprintf(list + used, "%s%d", comma, fd);
    comma = ",";
  }
  closedir(dir);
  return list;
}

int main(int argc, char **argv, char **envp) {
  const char *root = find_root(argv[0]);

  size_t envc = 0;
  while (envp[envc] != NULL) envc++;
  char **env = calloc(envc + 4, sizeof *env);
  char **out = env;
  for (size_t i = 0; i < envc; i++) {
    /* The init takes the first of a name: a stale copy of ours must not shadow what we set. */
    if (strncmp(envp[i], ROOT_VAR, strlen(ROOT_VAR)) == 0 || strncmp(envp[i], FDS_VAR, strlen(FDS_VAR)) == 0) continue;
    *out++ = is_moved(envp[i]) ? join(SAVED_PREFIX, envp[i]) : envp[i];
  }
  *out++ = join(ROOT_VAR, root);
  char *fds = inherited_fds();
  if (fds != NULL) *out++ = fds;
  /* The image's LD_PRELOAD was moved aside above: this one is the loader's only. */
  const char *preload = join(root, PRELOAD);
  if (strpbrk(root, " \t:") == NULL && access(preload, R_OK) == 0) *out++ = join("LD_PRELOAD=", preload);

  char **args = calloc((size_t)argc + N_NODE_FLAGS + 4, sizeof *args);
  char **a = args;
  *a++ = "graceful-init";
  *a++ = join(root, "/lib/node");
  for (size_t i = 0; i < N_NODE_FLAGS; i++) *a++ = (char *)node_flags[i];
  *a++ = join(root, "/app/graceful-init.cjs");
  for (int i = 1; i < argc; i++) *a++ = argv[i];

  const char *loader = join(root, "/lib/graceful-init");
  execve(loader, args, env);
  die("cannot run", loader);
}
