return ScanImageTiff.Cli.SitiffApp.Run(args);
