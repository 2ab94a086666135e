/*
 * lib/graceful-init-preload.so of the portable build: loads koffi's addon on a second thread
 * while Node boots on the first, so the init finds it loaded when it needs it.
 *
 * Loading the addon costs 4-5 ms of every start on this machine kind (README.md, Limitations):
 * ~230 page faults, most of them koffi's static initialisation writing its 766 KB of zeroed
 * data. Node's own boot takes far longer than that before the init's JavaScript asks for koffi,
 * so on a second core the load is hidden; the init's require() then finds the library in place
 * (dlopen returns the same handle, waiting if this thread is still in it). On one core nothing
 * is lost but a thread's start.
 *
 * The launcher (launcher.c) sets LD_PRELOAD to this file for the bundled loader only; the init
 * removes it before anything is started (src/portable/image-environment.ts). The addon is found
 * from the launcher's GRACEFUL_INIT_PORTABLE_ROOT; without it (another process that loads this
 * file) nothing is done. If the load fails here, the init's own require() fails and reports it.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef KOFFI_ADDON
#error "build with -DKOFFI_ADDON='\"app/node_modules/koffi/...\"' (src/portable/build/lib/launcher.ts)"
#endif

/* Keep in step with launcher.c and src/portable/image-environment.ts. */
#define ROOT_VAR "GRACEFUL_INIT_PORTABLE_ROOT"

static char addon[PATH_MAX];

static void *load_addon(void *unused) {
  (void)unused;
  dlopen(addon, RTLD_LAZY);
  return NULL;
}

__attribute__((constructor)) static void start_loading(void) {
  const char *root = getenv(ROOT_VAR);
  if (root == NULL) return;
  /* Node opens /dev/null on a closed 0, 1 or 2 as it starts; dlopen's descriptor must not take
     that number first, so with any of them closed the init loads the addon itself. */
  for (int fd = 0; fd <= 2; fd++)
    if (fcntl(fd, F_GETFD) == -1) return;
  int n = snprintf(addon, sizeof addon, "%s/%s", root, KOFFI_ADDON);
  if (n < 0 || (size_t)n >= sizeof addon) return;
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) != 0) return;
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  /* dlopen and the addon's initialisers need little stack; the default 8 MB is only reserved. */
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_create(&thread, &attr, load_addon, NULL);
  pthread_attr_destroy(&attr);
}
