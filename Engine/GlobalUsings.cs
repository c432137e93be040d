global using System.Diagnostics.CodeAnalysis;
global using System.Runtime.CompilerServices;
global using System.Runtime.InteropServices;

// Stack buffers in the indexer are always written before read; zeroing them costs per IFD.
[module: System.Runtime.CompilerServices.SkipLocalsInit]
