# Sourced by the bundle's langevin and gpu-check.sh (made by scripts/gpu-bundle): points the
# bundle's OpenCL ICD loader (opencl/libOpenCL.so.1) at a driver, once per environment. Which:
#   LANGEVIN_OPENCL=auto     (default) NVIDIA's libnvidia-opencl.so.1 when found, else the system's ICDs
#   LANGEVIN_OPENCL=nvidia   NVIDIA's only; an error when it is not found
#   LANGEVIN_OPENCL=system   the ICDs the system registers in /etc/OpenCL/vendors (AMD, Intel, PoCL, ...)
#   LANGEVIN_OPENCL_LIBRARY=/path/or/name.so   that driver library only, through a private .icd file
# Sets LD_LIBRARY_PATH, OCL_ICD_VENDORS (private .icd), LANGEVIN_OPENCL_NOTE (what was chosen) and
# LANGEVIN_OPENCL_READY. Needs $bundle_dir, the bundle's folder.

# Prints the path of a driver library: the linker's cache, the usual driver folders, then a search.
find_driver_library() {
    local name="$1" dir found
    found=$(ldconfig -p 2>/dev/null | awk -v n="$name" '$1 == n { print $NF; exit }')
    if [ -n "$found" ] && [ -e "$found" ]; then echo "$found"; return 0; fi
    local dirs=(/usr/lib/x86_64-linux-gnu /usr/lib64 /usr/local/nvidia/lib64 /usr/local/nvidia/lib
        /usr/lib/x86_64-linux-gnu/nvidia/current /usr/lib/nvidia /usr/lib /lib/x86_64-linux-gnu /lib64
        /usr/local/cuda/compat /usr/local/cuda/lib64 /run/nvidia/driver/usr/lib/x86_64-linux-gnu /usr/lib/wsl/lib)
    IFS=: read -r -a extra <<<"${LD_LIBRARY_PATH:-}"
    for dir in "${extra[@]}" "${dirs[@]}"; do
        [ -n "$dir" ] || continue
        for found in "$dir/$name" "$dir/$name".*; do
            if [ -e "$found" ]; then echo "$found"; return 0; fi
        done
    done
    found=$(timeout 20 find /usr /opt /lib /lib64 /run/nvidia -maxdepth 6 -name "$name*" 2>/dev/null | head -n 1 || true)
    [ -n "$found" ] && echo "$found"
}

if [ -z "${LANGEVIN_OPENCL_READY:-}" ]; then
    export LD_LIBRARY_PATH="$bundle_dir/opencl${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
    library="${LANGEVIN_OPENCL_LIBRARY:-}"
    note=""
    case "${LANGEVIN_OPENCL:-auto}" in
        system) note="the system's OpenCL drivers (/etc/OpenCL/vendors)" ;;
        auto | nvidia)
            if [ -z "$library" ]; then
                library=$(find_driver_library libnvidia-opencl.so.1 || true)
                if [ -z "$library" ]; then
                    if [ "${LANGEVIN_OPENCL:-auto}" = nvidia ]; then
                        echo "langevin: LANGEVIN_OPENCL=nvidia, but no libnvidia-opencl.so.1 was found (ldconfig -p, /usr/lib/x86_64-linux-gnu, /usr/lib64, /usr/local/nvidia/lib64, ...); set LANGEVIN_OPENCL_LIBRARY to its path." >&2
                        return 1
                    fi
                    note="the system's OpenCL drivers (/etc/OpenCL/vendors): no libnvidia-opencl.so.1 found"
                fi
            fi
            ;;
        *) echo "langevin: LANGEVIN_OPENCL must be auto, nvidia or system, not '${LANGEVIN_OPENCL}'." >&2; return 1 ;;
    esac
    if [ -n "$library" ]; then
        # a private vendors folder whose one .icd file names the driver: the loader loads that driver only
        vendors="$bundle_dir/opencl/vendors"
        if ! mkdir -p "$vendors" 2>/dev/null || [ ! -w "$vendors" ]; then
            vendors=$(mktemp -d "${TMPDIR:-/tmp}/langevin-icd.XXXXXX")
        fi
        echo "$library" > "$vendors/langevin.icd"
        export OCL_ICD_VENDORS="$vendors"
        note="$library (OCL_ICD_VENDORS=$vendors)"
    fi
    export LANGEVIN_OPENCL_READY=1 LANGEVIN_OPENCL_NOTE="$note"
fi

