#include "region_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>

#include "errors.h"

namespace warp {
namespace {

std::string Errno(int err) { return std::string(strerror(err)); }

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_;
};

std::string FileName(const std::string& name) { return name + ".warp"; }

// The directory must be ours and private: anyone else who can write to it could
// swap the file under us, anyone who can read it could read the cache.
int OpenPrivateDir(const std::string& given) {
  if (given.empty()) throw RegionError("E_INVALID_OPTION", "dir must not be empty");
  // A trailing slash would make the kernel follow a symlink despite O_NOFOLLOW.
  std::string dir = given;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
    const int err = errno;
    throw RegionError(err == EACCES ? "E_PERMISSION" : "E_IO",
                      "cannot create the cache directory " + dir + ": " + Errno(err), err);
  }
  Fd fd(open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.get() < 0) {
    const int err = errno;
    if (err == ELOOP || err == ENOTDIR) {
      throw RegionError("E_PERMISSION",
                        "the cache directory " + dir + " is a symlink or not a directory; refusing it",
                        err);
    }
    throw RegionError("E_IO", "cannot open the cache directory " + dir + ": " + Errno(err), err);
  }
  struct stat st;
  if (fstat(fd.get(), &st) != 0) {
    throw RegionError("E_IO", "cannot stat " + dir + ": " + Errno(errno), errno);
  }
  if (st.st_uid != geteuid()) {
    throw RegionError("E_PERMISSION", "the cache directory " + dir + " belongs to uid " +
                                          std::to_string(st.st_uid) + ", not to this user (uid " +
                                          std::to_string(geteuid()) + "); refusing it");
  }
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    snprintf(mode, sizeof mode, "%03o", static_cast<unsigned>(st.st_mode & 0777));
    throw RegionError("E_PERMISSION", "the cache directory " + dir + " has mode " + mode +
                                          "; it must not be open to group or others (chmod 700 " +
                                          dir + ")");
  }
  return fd.release();
}

void CheckPrivateFile(int fd, const std::string& path) {
  struct stat st;
  if (fstat(fd, &st) != 0) throw RegionError("E_IO", "cannot stat " + path, errno);
  if (!S_ISREG(st.st_mode)) {
    throw RegionError("E_PERMISSION", path + " is not a regular file; refusing it");
  }
  if (st.st_uid != geteuid()) {
    throw RegionError("E_PERMISSION", path + " belongs to uid " + std::to_string(st.st_uid) +
                                          ", not to this user; refusing it");
  }
  if ((st.st_mode & 077) != 0) {
    throw RegionError("E_PERMISSION", path + " is readable or writable by group or others; refusing it");
  }
}

uint8_t* MapAll(int fd, uint64_t size, const std::string& path) {
  void* p = mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    const int err = errno;
    throw RegionError(err == ENOMEM ? "E_NO_SPACE" : "E_IO",
                      "cannot map " + path + ": " + Errno(err), err);
  }
  return static_cast<uint8_t*>(p);
}

// What E_NO_SPACE says: what is needed, what is free, and every knob that helps.
std::string NoSpaceMessage(const std::string& dir, uint64_t needed, unsigned long long free_bytes) {
  return "the cache needs " + std::to_string(needed) + " bytes but the file system of " + dir +
         " has " + std::to_string(free_bytes) +
         " bytes free. Lower `max` or `maxValueBytes`/`maxKeyBytes` (every entry reserves "
         "maxKeyBytes + maxValueBytes + 48 bytes, rounded up to 64), destroy caches you no "
         "longer use, point `dir` at a larger file system, or give the container more shared "
         "memory (docker run --shm-size=256m; Kubernetes: an emptyDir with medium: Memory)";
}

std::string TempName(const std::string& name) {
  std::random_device rd;
  char suffix[32];
  snprintf(suffix, sizeof suffix, "%d.%08x", static_cast<int>(getpid()), rd());
  return "." + name + "~" + suffix + ".tmp";
}

// Returns an open, mapped, published file; or fd -1 when another opener published first.
MappedFile CreateAndPublish(int dirfd, const std::string& dir, const std::string& name,
                            const Geometry& g, const std::function<void(uint8_t*)>& init) {
  const std::string path = dir + "/" + FileName(name);
  struct statvfs vfs;
  if (fstatvfs(dirfd, &vfs) == 0) {
    const unsigned long long avail =
        static_cast<unsigned long long>(vfs.f_bavail) * static_cast<unsigned long long>(vfs.f_frsize);
    if (g.total_size > avail) {
      throw RegionError("E_NO_SPACE", NoSpaceMessage(dir, g.total_size, avail), ENOSPC);
    }
  }
  const std::string temp = TempName(name);
  Fd fd(openat(dirfd, temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (fd.get() < 0) {
    throw RegionError("E_IO", "cannot create a file in " + dir + ": " + Errno(errno), errno);
  }
  auto discard = [&]() { unlinkat(dirfd, temp.c_str(), 0); };
  // The umask may have removed bits, never added; make the mode exact anyway.
  if (fchmod(fd.get(), 0600) != 0) {
    const int err = errno;
    discard();
    throw RegionError("E_IO", "cannot chmod a file in " + dir + ": " + Errno(err), err);
  }
  // Reserving every page now turns a full file system into an error here instead
  // of a SIGBUS on some later write through the mapping.
  const int rc = posix_fallocate(fd.get(), 0, static_cast<off_t>(g.total_size));
  if (rc != 0) {
    discard();
    if (rc == ENOSPC || rc == EFBIG || rc == ENOMEM) {
      struct statvfs now;
      const unsigned long long free_now =
          fstatvfs(dirfd, &now) == 0 ? static_cast<unsigned long long>(now.f_bavail) *
                                           static_cast<unsigned long long>(now.f_frsize)
                                     : 0;
      throw RegionError("E_NO_SPACE", NoSpaceMessage(dir, g.total_size, free_now) + " (" + Errno(rc) + ")",
                        rc);
    }
    throw RegionError("E_IO", "cannot reserve space in " + dir + ": " + Errno(rc), rc);
  }
  uint8_t* base = nullptr;
  try {
    base = MapAll(fd.get(), g.total_size, path);
    init(base);
  } catch (...) {
    if (base != nullptr) munmap(base, g.total_size);
    discard();
    throw;
  }
  // link() never replaces an existing name: when several processes race to create
  // the same cache, exactly one file wins and the others open it. (rename() would
  // silently replace a region that someone already uses.)
  if (linkat(dirfd, temp.c_str(), dirfd, FileName(name).c_str(), 0) != 0) {
    const int err = errno;
    munmap(base, g.total_size);
    discard();
    if (err == EEXIST) return MappedFile{};
    throw RegionError("E_IO", "cannot publish " + path + ": " + Errno(err), err);
  }
  discard();
  MappedFile out;
  out.fd = fd.release();
  out.base = base;
  out.size = g.total_size;
  out.created = true;
  return out;
}

}  // namespace

void ValidateName(const std::string& name) {
  bool ok = !name.empty() && name.size() <= 64 && name != "." && name != "..";
  for (char c : name) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                         (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    ok = ok && allowed;
  }
  if (!ok) {
    throw RegionError("E_INVALID_OPTION",
                      "cache name must match [A-Za-z0-9._-]{1,64} and not be '.' or '..'");
  }
}

MappedFile OpenOrCreate(const std::string& dir, const std::string& name, const Geometry& g,
                        const std::function<void(uint8_t*)>& init,
                        const std::function<void(const ConfigBlock&, uint64_t)>& check) {
  ValidateName(name);
  Fd dirfd(OpenPrivateDir(dir));
  const std::string path = dir + "/" + FileName(name);
  for (int attempt = 0; attempt < 8; attempt++) {
    Fd fd(openat(dirfd.get(), FileName(name).c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
      const int err = errno;
      if (err == ELOOP) throw RegionError("E_PERMISSION", path + " is a symlink; refusing it", err);
      if (err != ENOENT) throw RegionError("E_IO", "cannot open " + path + ": " + Errno(err), err);
      MappedFile created = CreateAndPublish(dirfd.get(), dir, name, g, init);
      if (created.fd >= 0) return created;
      continue;  // someone else published first: open theirs
    }
    CheckPrivateFile(fd.get(), path);
    struct stat st;
    fstat(fd.get(), &st);
    ConfigBlock found{};
    if (static_cast<uint64_t>(st.st_size) < kHeaderSize ||
        pread(fd.get(), &found, sizeof found, 0) != static_cast<ssize_t>(sizeof found)) {
      throw RegionError("E_CORRUPT", path + " is truncated or not a warp cache; destroy it");
    }
    check(found, static_cast<uint64_t>(st.st_size));
    MappedFile out;
    out.base = MapAll(fd.get(), static_cast<uint64_t>(st.st_size), path);
    out.size = static_cast<uint64_t>(st.st_size);
    out.fd = fd.release();
    return out;
  }
  throw RegionError("E_IO", "could not open or create " + path + " (it keeps disappearing)");
}

void Unmap(MappedFile* file) {
  if (file->base != nullptr) munmap(file->base, file->size);
  if (file->fd >= 0) close(file->fd);
  file->base = nullptr;
  file->fd = -1;
}

void DestroyFiles(const std::string& dir, const std::string& name) {
  ValidateName(name);
  Fd dirfd(OpenPrivateDir(dir));
  if (unlinkat(dirfd.get(), FileName(name).c_str(), 0) != 0 && errno != ENOENT) {
    throw RegionError("E_IO", "cannot remove " + dir + "/" + FileName(name) + ": " + Errno(errno),
                      errno);
  }
  // Temporary files left by creators that died before publishing.
  const int scan = dup(dirfd.get());
  if (scan < 0) return;
  DIR* d = fdopendir(scan);
  if (d == nullptr) {
    close(scan);
    return;
  }
  const std::string prefix = "." + name + "~";  // '~' is outside the name alphabet
  while (dirent* e = readdir(d)) {
    const std::string entry = e->d_name;
    if (entry.size() > prefix.size() + 4 && entry.compare(0, prefix.size(), prefix) == 0 &&
        entry.compare(entry.size() - 4, 4, ".tmp") == 0) {
      unlinkat(dirfd.get(), entry.c_str(), 0);
    }
  }
  closedir(d);
}

}  // namespace warp
