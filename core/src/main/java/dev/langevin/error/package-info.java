/**
 * The library's exceptions for input it cannot use and outputs it cannot write. Their messages
 * speak of the library's own terms (a parameter, a file, a dimension), never of a command-line
 * option; the command line maps each to the option to change and an exit status. Any other
 * exception is a bug.
 */
package dev.langevin.error;
