// Turns a SIGBUS on a shrunken region file into an error instead of a dead process.
//
// A mapped file that another process truncates leaves pages with no backing: the
// next load or store there raises SIGBUS, whose default action kills the process.
// We cannot stop a process with write access from truncating the file, and an
// fstat per operation costs more than the operation. So every public Region call
// runs inside a FaultScope: a thread-local record of "this thread is touching the
// mapping [base, base + size) right now" plus a sigjmp_buf. The process-wide
// SIGBUS handler jumps back to that scope only when the faulting address lies in
// the scope's own mapping; every other SIGBUS (another library's mapping, a
// `kill -BUS`, a fault outside any scope) goes to the handler that was installed
// before ours, exactly as if we were not there. SIGSEGV is never touched (V8's
// WebAssembly trap handler owns it).
#pragma once

#include <csetjmp>
#include <cstddef>
#include <cstdint>

namespace warp {

struct FaultScope {
  const uint8_t* base = nullptr;
  size_t size = 0;
  FaultScope* previous = nullptr;
  // The robust mutex this thread holds inside the scope, if any: a fault skips the
  // Writer's destructor, so the recovery path releases it (itself guarded).
  void* held_lock = nullptr;
  uintptr_t fault_address = 0;
  sigjmp_buf env;
};

// Installs the SIGBUS handler once per process (later calls do nothing). Throws
// RegionError E_IO when sigaction fails.
void InstallFaultHandler();

// The innermost scope of this thread, or nullptr.
FaultScope* CurrentFaultScope();

// Enters and leaves a scope (a stack per thread). Leave restores the previous one.
void EnterFaultScope(FaultScope* scope);
void LeaveFaultScope(FaultScope* scope);

// After a jump back into a scope: SIGBUS is still blocked in this thread (the
// kernel blocks it while the handler runs and we left the handler by a jump).
void UnblockFaultSignal();

}  // namespace warp
