using Sigilum.Vault.Cli;

return await VaultCliApp.RunAsync(args, Console.Out, Console.Error, VaultCliEnvironment.FromProcess());
