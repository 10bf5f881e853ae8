// glibc's malloc spends a fifth of a large build in locking and consolidation across rayon's
// threads; mimalloc measured faster on the 10,000-article benchmark (see BENCHMARKS.md). Blocks
// of 32 MiB and more go to the system allocator (see `Allocator`).
#[global_allocator]
static ALLOCATOR: Allocator = Allocator;

use std::alloc::{GlobalAlloc, Layout, System};

/// mimalloc, except for blocks of [`HUGE_BYTES`] and more, which the system allocator maps on
/// their own: growing one, it moves the pages (`mremap`) where mimalloc copies them and keeps
/// the old block for a while. A pathological article grows pulldown-cmark's tree to ~0.5 GB,
/// and so it peaked at 0.8 GB under mimalloc, 0.5 GB this way (issue 17, BENCHMARKS.md).
/// Articles of the usual size never make a block that large. A block's size is the same when
/// it is freed as when it was made, so the size says which allocator it came from.
struct Allocator;

/// glibc maps every block from 32 MiB on (`DEFAULT_MMAP_THRESHOLD_MAX` on 64-bit systems).
const HUGE_BYTES: usize = 32 * 1024 * 1024;

unsafe impl GlobalAlloc for Allocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match layout.size() >= HUGE_BYTES {
            true => unsafe { System.alloc(layout) },
            false => unsafe { mimalloc::MiMalloc.alloc(layout) },
        }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match layout.size() >= HUGE_BYTES {
            true => unsafe { System.alloc_zeroed(layout) },
            false => unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) },
        }
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        match layout.size() >= HUGE_BYTES {
            true => unsafe { System.dealloc(pointer, layout) },
            false => unsafe { mimalloc::MiMalloc.dealloc(pointer, layout) },
        }
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match (layout.size() >= HUGE_BYTES, new_size >= HUGE_BYTES) {
            (true, true) => unsafe { System.realloc(pointer, layout, new_size) },
            (false, false) => unsafe { mimalloc::MiMalloc.realloc(pointer, layout, new_size) },
            // From one allocator to the other: a new block, the bytes copied, the old freed.
            _ => unsafe {
                let new_layout = Layout::from_size_align_unchecked(new_size, layout.align());
                let new = self.alloc(new_layout);
                if !new.is_null() {
                    std::ptr::copy_nonoverlapping(pointer, new, layout.size().min(new_size));
                    self.dealloc(pointer, layout);
                }
                new
            },
        }
    }
}

fn main() -> std::process::ExitCode {
    kbpress::cli::main()
}
