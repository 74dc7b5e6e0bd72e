#include "fault_guard.h"

#include <pthread.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <string>

#include "errors.h"

namespace warp {

namespace {

// initial-exec: the handler reads it, and a general-dynamic TLS access may allocate
// on a thread's first touch, which is not async-signal-safe.
thread_local FaultScope* tls_scope __attribute__((tls_model("initial-exec"))) = nullptr;

struct sigaction g_previous;
std::once_flag g_installed;

void ChainToPrevious(int sig, siginfo_t* info, void* context) {
  const struct sigaction& prev = g_previous;
  if ((prev.sa_flags & SA_SIGINFO) != 0) {
    if (prev.sa_sigaction != nullptr) prev.sa_sigaction(sig, info, context);
    return;
  }
  if (prev.sa_handler == SIG_IGN) return;
  if (prev.sa_handler == SIG_DFL) {
    // Back to the default action. A real fault re-executes the instruction on
    // return and dies of it as it would have without us; a sent signal is re-raised
    // (it stays pending until this handler returns).
    signal(sig, SIG_DFL);
    if (info == nullptr || info->si_code <= 0) raise(sig);
    return;
  }
  prev.sa_handler(sig);
}

void OnSigbus(int sig, siginfo_t* info, void* context) {
  FaultScope* scope = tls_scope;
  if (scope != nullptr && info != nullptr && info->si_code > 0) {
    const uintptr_t addr = reinterpret_cast<uintptr_t>(info->si_addr);
    const uintptr_t base = reinterpret_cast<uintptr_t>(scope->base);
    if (addr >= base && addr - base < scope->size) {
      scope->fault_address = addr;
      siglongjmp(scope->env, 1);
    }
  }
  ChainToPrevious(sig, info, context);
}

}  // namespace

void InstallFaultHandler() {
  int failed = 0;
  std::call_once(g_installed, [&failed] {
    struct sigaction action;
    std::memset(&action, 0, sizeof action);
    action.sa_sigaction = OnSigbus;
    sigemptyset(&action.sa_mask);
    // SA_ONSTACK: run on the thread's alternate stack when it has one (as V8's and
    // other runtimes' handlers do).
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    if (sigaction(SIGBUS, &action, &g_previous) != 0) failed = errno;
  });
  if (failed != 0) {
    throw RegionError("E_IO", std::string("cannot install the SIGBUS handler: ") + strerror(failed),
                      failed);
  }
}

FaultScope* CurrentFaultScope() { return tls_scope; }

void EnterFaultScope(FaultScope* scope) {
  scope->previous = tls_scope;
  // The compiler must not sink this store below the accesses it protects.
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  tls_scope = scope;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void LeaveFaultScope(FaultScope* scope) {
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  tls_scope = scope->previous;
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
}

void UnblockFaultSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGBUS);
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
}

}  // namespace warp
