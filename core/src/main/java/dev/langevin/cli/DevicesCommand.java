package dev.langevin.cli;

import dev.langevin.engine.Engines;
import dev.langevin.engine.opencl.OpenCl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;

/** {@code langevin devices}: the OpenCL platforms and devices, numbered as {@code --device} takes them. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the OpenCL devices (for --engine opencl --device N) with their memory and compute units, "
                + "and TornadoVM's devices when langevin runs with a TornadoVM SDK.")
final class DevicesCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        List<OpenCl.Device> devices = OpenCl.devices();
        Engines.provider("tornadovm").ifPresent(tornado -> {
            out.println("TornadoVM devices (--engine tornadovm --device N):");
            tornado.devices().forEach(line -> out.println("  " + line));
            out.println();
            out.println("OpenCL devices (--engine opencl --device N):");
        });
        if (devices.isEmpty()) {
            out.println(OpenCl.unavailable().map(why -> "OpenCL is unavailable: " + why)
                    .orElse("No OpenCL platform found: --engine opencl is unavailable (install a GPU driver's OpenCL ICD, "
                            + "or pocl-opencl-icd for the CPU). The cpu engine needs none."));
            return;
        }
        out.printf("%-3s %-12s %-6s %-44s %10s %10s %5s  %s%n", "#", "platform", "type", "device", "memory", "max alloc",
                "units", "version");
        for (OpenCl.Device d : devices) {
            out.printf("%-3d %-12s %-6s %-44s %7.1f GB %7.1f GB %5d  %s%n", d.index(), shorten(d.platformName(), 12),
                    d.type(), shorten(d.name(), 44), d.globalMemory() / 1e9, d.maxAllocation() / 1e9, d.computeUnits(),
                    d.version());
        }
    }

    private static String shorten(String s, int width) {
        return s.length() <= width ? s : s.substring(0, width - 1) + "~";
    }
}
