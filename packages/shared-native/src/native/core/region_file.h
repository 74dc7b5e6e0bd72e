// Finding, creating and checking the file behind a region. Everything here runs
// once per open; nothing here is on the get/set path.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "layout.h"

namespace warp {

// Throws RegionError E_INVALID_OPTION unless `name` matches [A-Za-z0-9._-]{1,64}
// (and is not "." or "..").
void ValidateName(const std::string& name);

// A mapped region file.
struct MappedFile {
  int fd = -1;
  uint8_t* base = nullptr;
  uint64_t size = 0;
  bool created = false;  // this call created and published the file
};

// Opens `<dir>/<name>.warp`, or creates it: a fresh file is sized with
// posix_fallocate, filled by `init`, and only then published under its name, so no
// opener ever sees a half-made region. `check` validates an existing file's header
// (it throws RegionError E_CORRUPT / E_CONFIG_MISMATCH) before it is mapped.
MappedFile OpenOrCreate(const std::string& dir, const std::string& name, const Geometry& geometry,
                        const std::function<void(uint8_t* base)>& init,
                        const std::function<void(const ConfigBlock& found, uint64_t file_size)>& check);

void Unmap(MappedFile* file);

// Removes the files of a cache (the region and any leftover temporary files).
// Processes that still have it mapped keep working on their copy until they close.
void DestroyFiles(const std::string& dir, const std::string& name);

}  // namespace warp
