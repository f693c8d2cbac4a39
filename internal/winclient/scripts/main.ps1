# Tail of every winclient script: decode the input, run the operation, print one envelope.
try {
    $inputJson = [Text.Encoding]::UTF8.GetString([Convert]::FromBase64String($Payload))
    $operationInput = ConvertFrom-Json -InputObject $inputJson
    $result = Invoke-Operation -In $operationInput
} catch {
    $result = New-Failure -Kind (Get-FailureKind $_) -Message $_.Exception.Message
}
Write-Envelope $result
