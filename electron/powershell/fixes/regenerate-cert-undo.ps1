# Puts deleted self-signed certificates back into the Remote Desktop store from their .pfx backups.
$store = 'Remote Desktop'
$dir = Get-RdUndoDir ([string]$in.undoId)
$back = Restore-RdCertificateBackups $dir $in.thumbprints $store
Write-RdResult @{ restored = @($back.restored); notRestorable = @($back.missing) }
