[string]::IsNullOrEmpty(''); [string]::IsNullOrWhiteSpace(' '); [string]::Join('-', @('a','b')); [string]::Empty -eq ''
