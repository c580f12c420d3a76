; Inno Setup 6 script: the per-user Windows installer of NMT Desktop.
;
; Built by installer\build_windows.py, which first makes the PyInstaller bundle and then runs
;   ISCC /DAppVersion=<version from pyproject.toml> /DBundleDir=<bundle> /DIconFile=<.ico> /O<dist>
; No administrator rights: the program goes to %LOCALAPPDATA%\Programs\NMT Desktop and the
; shortcut to the user's Start menu. The charts live elsewhere, in %LOCALAPPDATA%\NMT Desktop
; (platformdirs), which neither an update nor the uninstaller ever touches.

#ifndef AppVersion
  #error Pass the version from pyproject.toml: ISCC /DAppVersion=X.Y.Z (build_windows.py does)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\windows\nmt-desktop"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\pyinstaller\nmt_desktop\icons\nmt-desktop.ico"
#endif
#define AppName "NMT Desktop"
#define GuiExe "NMT Desktop.exe"

[Setup]
; The AppId identifies the product across versions: never change it, or updates install twice.
AppId={{5C1E7A3F-2B84-4D0E-9F6A-8C2D41B7E913}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=NMT Desktop developers
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=nmt-desktop-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An update replaces the whole bundle: stale Qt plugins from an older version must not load.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Comment: "Charting for neuromuscular and massage therapists"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only the program folder. The charts in %LOCALAPPDATA%\NMT Desktop are deliberately kept.
Type: filesandordirs; Name: "{app}\_internal"
